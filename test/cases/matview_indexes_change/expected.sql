-- drop_index public.mv_n
drop index if exists "public"."mv_n";

-- drop_materialized_view public.mv (deletes data)
drop materialized view if exists "public"."mv";

-- add_column public.t.m
alter table "public"."t" add column "m" integer;

-- create_materialized_view public.mv
create materialized view "public"."mv" as  SELECT n,
    m,
    count(*) AS c
   FROM t
  GROUP BY n, m;

-- create_index public.mv_c
CREATE INDEX mv_c ON public.mv USING btree (c) WHERE (c > 1);

-- create_index public.mv_n_m
CREATE UNIQUE INDEX mv_n_m ON public.mv USING btree (n, m);

-- comment public.mv
COMMENT ON MATERIALIZED VIEW public.mv IS 'counts';
