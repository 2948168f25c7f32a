-- create_function public.g
CREATE OR REPLACE FUNCTION public.g()
 RETURNS integer
 LANGUAGE plpgsql
AS $function$ BEGIN RETURN 1; END $function$;

-- create_function public.f
CREATE OR REPLACE FUNCTION public.f()
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog'
AS $function$ BEGIN RETURN 1; END $function$;
