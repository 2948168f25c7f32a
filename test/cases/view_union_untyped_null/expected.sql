-- create_view public.names
create or replace view "public"."names" as  SELECT people.name,
    1 AS k
   FROM people
UNION
 SELECT NULL::text AS name,
    2 AS k;
