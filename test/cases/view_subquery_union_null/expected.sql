-- create_materialized_view public.mv
create materialized view "public"."mv" as  SELECT x
   FROM ( SELECT a.x
           FROM a
        UNION ALL
         SELECT NULL::integer) q;

-- create_view public.v
create or replace view "public"."v" as  SELECT x
   FROM ( SELECT a.x
           FROM a
        UNION ALL
         SELECT NULL::integer) q;

-- create_view public.w
create or replace view "public"."w" as  SELECT y
   FROM ( SELECT 1 AS y
        UNION ALL
         SELECT NULL::integer
        UNION ALL
         SELECT NULL::integer) r;
