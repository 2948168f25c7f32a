-- drop_view public.v3
drop view if exists "public"."v3";

-- drop_view public.v2
drop view if exists "public"."v2";

-- drop_view public.v1
drop view if exists "public"."v1";

-- create_view public.v1
create or replace view "public"."v1" as  SELECT id,
    b
   FROM t;

-- create_view public.v2
create or replace view "public"."v2" as  SELECT id,
    b AS a
   FROM v1;

-- create_view public.v3
create or replace view "public"."v3" as  SELECT count(*) AS n
   FROM v2;
