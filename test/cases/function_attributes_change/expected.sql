-- create_function public.f
CREATE OR REPLACE FUNCTION public.f(a integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT LEAKPROOF COST 5
AS $function$SELECT a + 1$function$;

-- create_function public.g
CREATE OR REPLACE FUNCTION public.g(a text)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
 SET work_mem TO '8MB'
AS $function$BEGIN RETURN a; END$function$;

-- create_function public.h
CREATE OR REPLACE FUNCTION public.h()
 RETURNS SETOF integer
 LANGUAGE sql
 STABLE ROWS 10
AS $function$SELECT 1$function$;
