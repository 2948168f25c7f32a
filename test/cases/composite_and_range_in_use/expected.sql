-- add_column public.money2.note
ALTER TYPE public.money2 ADD ATTRIBUTE note text;

-- add_column public.prices.rs
alter table "public"."prices" add column "rs" floatmultirange;

-- create_index public.prices_r
CREATE INDEX prices_r ON public.prices USING gist (r);
