-- drop_view public.v
drop view if exists "public"."v";

-- drop_column public.t.gone (deletes data)
alter table "public"."t" drop column "gone";

-- create_view public.v
create or replace view "public"."v" as  SELECT id,
    a
   FROM t;
