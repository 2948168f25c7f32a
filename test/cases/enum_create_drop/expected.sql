-- create_enum public.new_e
create type "public"."new_e" as enum ('x', 'y');

-- drop_column public.t.c (deletes data)
alter table "public"."t" drop column "c";

-- add_column public.t.d
alter table "public"."t" add column "d" new_e;

-- drop_type public.old_e (deletes data)
drop type "public"."old_e";
