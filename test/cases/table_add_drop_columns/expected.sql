-- drop_column public.t.b (deletes data)
alter table "public"."t" drop column "b";

-- add_column public.t.c
alter table "public"."t" add column "c" timestamp with time zone not null default now();

-- add_column public.t.d
alter table "public"."t" add column "d" numeric(10,2);
