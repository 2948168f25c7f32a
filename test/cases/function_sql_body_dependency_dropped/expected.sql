-- create_function public.total
CREATE OR REPLACE FUNCTION public.total(a integer, b integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
RETURN add(a, b);

-- drop_function public.plus one(int4)
drop function if exists "public"."plus one"(i integer);
