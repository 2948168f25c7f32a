-- create_function public.add_two
CREATE OR REPLACE FUNCTION public.add_two(s integer, v integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT s + v $function$;

-- create_aggregate public.my_sum
CREATE AGGREGATE public.my_sum(integer) (SFUNC = add_two, STYPE = integer, INITCOND = '0');
