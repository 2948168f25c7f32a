-- add_column public.m.note
alter table "public"."m" add column "note" text not null default ''::text;

-- add_identity public.m.id
alter table "public"."m" alter column "id" add generated always as identity;

-- alter_column_type public.m.id
alter table "public"."m" alter column "id" set data type bigint using "id"::bigint;

-- enable_row_security public.m
alter table "public"."m" enable row level security;

-- create_policy public.m.m_p
create policy "m_p"
  on "public"."m"
  as permissive
  for all
  to public
using ((ts > '2000-01-01'::date));

-- set_not_null public.m_2024.note
ALTER TABLE public.m_2024 ALTER COLUMN note SET NOT NULL;
