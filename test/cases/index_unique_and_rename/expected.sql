-- drop_constraint public.t.t_id_key
alter table "public"."t" drop constraint "t_id_key";

-- drop_index public.t_a
drop index if exists "public"."t_a";

-- drop_index public.t_b
drop index if exists "public"."t_b";

-- drop_index public.t_id_key
drop index if exists "public"."t_id_key";

-- create_index public.t_lower_a
CREATE INDEX t_lower_a ON public.t USING btree (lower(a) varchar_pattern_ops);

-- create_index public.t_a
CREATE UNIQUE INDEX t_a ON public.t USING btree (a);

-- create_index public.t_b
CREATE INDEX t_b ON public.t USING btree (b) INCLUDE (a);

-- create_index public.t_id_key
CREATE UNIQUE INDEX t_id_key ON public.t USING btree (id);

-- add_constraint public.t.t_id_key
alter table "public"."t" add constraint "t_id_key" UNIQUE using index "t_id_key" DEFERRABLE;
