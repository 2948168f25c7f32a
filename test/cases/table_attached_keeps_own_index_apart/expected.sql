-- drop_index public.events_2025_old
drop index if exists "public"."events_2025_old";

-- drop_index public.events_2025_lookup
DROP INDEX public.events_2025_lookup;

-- attach_partition public.events
alter table "public"."events" attach partition "public"."events_2025" FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');

-- create_index public.events_2025_lookup
CREATE INDEX events_2025_lookup ON public.events_2025 USING btree (kind, at);
