-- drop_inherit public.leaf
alter table "public"."leaf" no inherit "public"."base";

-- set_default public.leaf.name
alter table "public"."leaf" alter column "name" set default 'y'::text;
