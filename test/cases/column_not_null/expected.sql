-- set_not_null public.t.a
alter table "public"."t" alter column "a" set not null;

-- drop_not_null public.t.b
alter table "public"."t" alter column "b" drop not null;
