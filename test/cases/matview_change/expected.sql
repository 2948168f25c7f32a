-- drop_materialized_view public.mv (deletes data)
drop materialized view if exists "public"."mv";

-- create_materialized_view public.mv3
create materialized view "public"."mv3" as  SELECT id
   FROM t
WITH NO DATA;

-- create_materialized_view public.mv
create materialized view "public"."mv" as  SELECT id,
    a,
    (a * 2) AS b
   FROM t;

-- create_index public.mv2_x
CREATE INDEX mv2_x ON public.mv2 USING btree (x);

-- create_index public.mv_b
CREATE INDEX mv_b ON public.mv USING btree (b);

-- create_index public.mv_id
CREATE UNIQUE INDEX mv_id ON public.mv USING btree (id);
