-- drop_index public.t_x
drop index if exists "public"."t_x";

-- create_index public.t_x
CREATE UNIQUE INDEX t_x ON public.t USING btree (a) WHERE (b IS NOT NULL);
