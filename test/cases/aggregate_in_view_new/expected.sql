-- create_schema stats
create schema if not exists "stats";

-- create_table stats.obs
create table "stats"."obs" (
    "v" numeric
      );

-- create_function stats.mul
CREATE OR REPLACE FUNCTION stats.mul(s numeric, v numeric)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT s * v $function$;

-- create_aggregate stats.product
CREATE AGGREGATE stats.product(numeric) (SFUNC = stats.mul, STYPE = numeric, INITCOND = '1');

-- create_view stats.summary
create or replace view "stats"."summary" as  SELECT stats.product(v) AS p
   FROM stats.obs;
