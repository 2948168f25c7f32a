-- create_partition public.m_2024
create table "public"."m_2024" partition of "public"."m" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') partition by LIST (region);

-- create_partition public.m_2024_eu
create table "public"."m_2024_eu" partition of "public"."m_2024" FOR VALUES IN ('eu');

-- create_index public.m_id
CREATE INDEX m_id ON public.m USING btree (id);
