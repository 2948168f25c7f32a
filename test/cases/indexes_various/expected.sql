-- drop_index public.t_old
drop index if exists "public"."t_old";

-- drop_index public.t_a_idx
drop index if exists "public"."t_a_idx";

-- create_index public.t_brin
CREATE INDEX t_brin ON public.t USING brin (ts) WITH (pages_per_range='32');

-- create_index public.t_coll
CREATE INDEX t_coll ON public.t USING btree (a COLLATE "C" text_pattern_ops);

-- create_index public.t_expr
CREATE INDEX t_expr ON public.t USING btree (lower(a));

-- create_index public.t_ff
CREATE INDEX t_ff ON public.t USING btree (b) WITH (fillfactor='70');

-- create_index public.t_gin
CREATE INDEX t_gin ON public.t USING gin (c);

-- create_index public.t_gin_jsonb
CREATE INDEX t_gin_jsonb ON public.t USING gin (d jsonb_path_ops);

-- create_index public.t_gist
CREATE INDEX t_gist ON public.t USING gist (e);

-- create_index public.t_hash
CREATE INDEX t_hash ON public.t USING hash (a);

-- create_index public.t_id_uq
CREATE UNIQUE INDEX t_id_uq ON public.t USING btree (id) INCLUDE (a);

-- create_index public.t_partial
CREATE INDEX t_partial ON public.t USING btree (b) WHERE (b > 10);

-- create_index public.t_a_idx
CREATE INDEX t_a_idx ON public.t USING btree (a DESC NULLS LAST);
