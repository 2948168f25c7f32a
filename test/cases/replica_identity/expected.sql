-- replica_identity public.a
ALTER TABLE public.a REPLICA IDENTITY USING INDEX a_id_key;

-- replica_identity public.b
ALTER TABLE public.b REPLICA IDENTITY DEFAULT;

-- replica_identity public.c
ALTER TABLE public.c REPLICA IDENTITY NOTHING;
