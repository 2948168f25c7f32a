-- create_function public.gen
CREATE OR REPLACE FUNCTION public.gen()
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT 2 $function$;
