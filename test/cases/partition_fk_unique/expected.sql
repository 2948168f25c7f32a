-- create_partition public.m_2025
create table "public"."m_2025" partition of "public"."m" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

-- create_table public.r
create table "public"."r" (
    "id" integer,
    "ts" date
      );

-- add_constraint public.m.m_id_check
alter table "public"."m" add constraint "m_id_check" CHECK ((id > 0));

-- add_constraint public.m.m_id_ts_key
alter table "public"."m" add constraint "m_id_ts_key" UNIQUE (id, ts);

-- add_constraint public.m.m_p_id_fkey
alter table "public"."m" add constraint "m_p_id_fkey" FOREIGN KEY (p_id) REFERENCES p(id) ON DELETE CASCADE;

-- add_constraint public.r.r_id_ts_fkey
ALTER TABLE public.r ADD CONSTRAINT r_id_ts_fkey FOREIGN KEY (id, ts) REFERENCES m(id, ts);
