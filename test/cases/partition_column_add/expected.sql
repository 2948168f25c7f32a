-- add_column public.m.n
alter table "public"."m" add column "n" bigint;

-- add_column public.m.v
alter table "public"."m" add column "v" text not null default 'x'::text;

-- set_not_null public.m_2024.v
ALTER TABLE public.m_2024 ALTER COLUMN v SET NOT NULL;
