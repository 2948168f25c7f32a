-- create_function public.tbl_count
CREATE OR REPLACE FUNCTION public.tbl_count()
 RETURNS bigint
 LANGUAGE sql
 STABLE
AS $function$ SELECT count(*) FROM v $function$;

-- create_function public.dbl
CREATE OR REPLACE FUNCTION public.dbl(x integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT x + x $function$;
