-- create_table public.m
create table "public"."m" (
    "id" integer not null,
    "ts" date not null,
    "v" text,
    CONSTRAINT m_pkey PRIMARY KEY (id, ts)
      ) partition by RANGE (ts);

-- create_partition public.m_2024
create table "public"."m_2024" partition of "public"."m" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- create_partition public.m_2025
create table "public"."m_2025" partition of "public"."m" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

-- create_index public.m_v_idx
CREATE INDEX m_v_idx ON public.m USING btree (v);
