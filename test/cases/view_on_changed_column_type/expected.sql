-- drop_materialized_view public.mv (deletes data)
drop materialized view if exists "public"."mv";

-- drop_view public.vv
drop view if exists "public"."vv";

-- drop_view public.v
drop view if exists "public"."v";

-- alter_column_type public.t.amount
alter table "public"."t" alter column "amount" set data type bigint using "amount"::bigint;

-- create_materialized_view public.mv
create materialized view "public"."mv" as  SELECT id,
    amount
   FROM t;

-- create_view public.v
create or replace view "public"."v" as  SELECT id,
    amount
   FROM t;

-- create_view public.vv
create or replace view "public"."vv" as  SELECT sum(amount) AS s
   FROM v;
