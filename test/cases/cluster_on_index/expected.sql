-- create_table public.w
create table "public"."w" (
    "id" integer not null,
    CONSTRAINT w_pkey PRIMARY KEY (id)
      );

-- create_materialized_view public.mv
create materialized view "public"."mv" as  SELECT id
   FROM t;

-- create_index public.mv_id
CREATE INDEX mv_id ON public.mv USING btree (id);

-- cluster_on public.t.t_k
ALTER TABLE public.t CLUSTER ON t_k;

-- drop_cluster public.u
ALTER TABLE public.u SET WITHOUT CLUSTER;

-- cluster_on public.w.w_pkey
ALTER TABLE public.w CLUSTER ON w_pkey;

-- cluster_on public.mv.mv_id
ALTER MATERIALIZED VIEW public.mv CLUSTER ON mv_id;
