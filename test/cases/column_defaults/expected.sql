-- set_default public.t.a
alter table "public"."t" alter column "a" set default 'y'::text;

-- set_default public.t.b
alter table "public"."t" alter column "b" set default 42;

-- set_default public.t.c
alter table "public"."t" alter column "c" set default clock_timestamp();

-- drop_default public.t.id
alter table "public"."t" alter column "id" drop default;
