-- drop_function public.f(text)
drop function if exists "public"."f"(a text);

-- create_function public.f
CREATE OR REPLACE FUNCTION public.f(a bigint)
 RETURNS bigint
 LANGUAGE sql
AS $function$ SELECT a $function$;

-- create_function public.f
CREATE OR REPLACE FUNCTION public.f(a integer, b integer)
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT a + b $function$;

-- create_function public.f
CREATE OR REPLACE FUNCTION public.f(a integer)
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT a * 2 $function$;
