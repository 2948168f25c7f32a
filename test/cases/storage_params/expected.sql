-- drop_index public.u_id
drop index if exists "public"."u_id";

-- create_index public.u_id
CREATE INDEX u_id ON public.u USING btree (id) WITH (fillfactor='60');

-- set_rel_options public.t
ALTER TABLE public.t SET (fillfactor=90, autovacuum_vacuum_scale_factor=0.01);

-- set_rel_options public.u
ALTER TABLE public.u SET (fillfactor=70);
