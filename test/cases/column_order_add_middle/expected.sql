-- drop_view public.v
drop view if exists "public"."v";

-- add_column public.t.m
alter table "public"."t" add column "m" text default 'm'::text;

-- create_view public.v
create or replace view "public"."v" as  SELECT id,
    z
   FROM t;
