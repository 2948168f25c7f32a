-- drop_table public.m_2023 (deletes data)
drop table "public"."m_2023";

-- create_partition public.m_2025
create table "public"."m_2025" partition of "public"."m" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

-- create_partition public.m_default
create table "public"."m_default" partition of "public"."m" DEFAULT;
