-- create_type public.floatrange
CREATE TYPE public.floatrange AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = public.floatmultirange);

-- add_column public.x.r
alter table "public"."x" add column "r" floatrange;
