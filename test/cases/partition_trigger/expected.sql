-- create_partition public.m_2025
create table "public"."m_2025" partition of "public"."m" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

-- create_trigger public.m.m_trg
CREATE TRIGGER m_trg BEFORE INSERT ON public.m FOR EACH ROW EXECUTE FUNCTION trg();
