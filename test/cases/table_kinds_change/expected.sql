-- create_partition public.events_default
create table "public"."events_default" partition of "public"."events" DEFAULT;

-- set_logged public.cache
alter table "public"."cache" set logged;

-- create_index public.events_at
CREATE INDEX events_at ON public.events USING btree (at);

-- reset_rel_options public.logs
ALTER TABLE public.logs RESET (autovacuum_enabled);

-- set_rel_options public.logs
ALTER TABLE public.logs SET (fillfactor=80);

-- replica_identity public.logs
ALTER TABLE public.logs REPLICA IDENTITY FULL;

-- set_storage public.logs.msg
ALTER TABLE public.logs ALTER COLUMN msg SET STORAGE EXTERNAL;

-- set_statistics public.logs.msg
ALTER TABLE public.logs ALTER COLUMN msg SET STATISTICS 500;
