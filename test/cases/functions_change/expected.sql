-- drop_function public.f_old()
drop function if exists "public"."f_old"();

-- drop_function public.f_sig(int4)
drop function if exists "public"."f_sig"(x integer);

-- create_function public.f_out
CREATE OR REPLACE FUNCTION public.f_out(a integer, OUT b integer, OUT c integer)
 RETURNS record
 LANGUAGE sql
AS $function$ SELECT a, a $function$;

-- create_function public.f_setof
CREATE OR REPLACE FUNCTION public.f_setof()
 RETURNS SETOF integer
 LANGUAGE sql
 ROWS 10
AS $function$ SELECT 1 $function$;

-- create_function public.f_sig
CREATE OR REPLACE FUNCTION public.f_sig(x integer, y integer DEFAULT 0)
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT x + y $function$;

-- create_function public.f_strict
CREATE OR REPLACE FUNCTION public.f_strict(a text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE STRICT LEAKPROOF COST 5
AS $function$ SELECT upper(a) $function$;

-- create_function public.f_table
CREATE OR REPLACE FUNCTION public.f_table(n integer)
 RETURNS TABLE(a integer, b text)
 LANGUAGE sql
AS $function$ SELECT n, 'x' $function$;

-- create_function public.f_variadic
CREATE OR REPLACE FUNCTION public.f_variadic(VARIADIC xs integer[])
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT array_length(xs, 1) $function$;

-- create_function public.f_body
CREATE OR REPLACE FUNCTION public.f_body(x integer)
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT x + 2 $function$;

-- drop_function public.f_ret()
DROP FUNCTION IF EXISTS public.f_ret();

-- create_function public.f_ret
CREATE OR REPLACE FUNCTION public.f_ret()
 RETURNS bigint
 LANGUAGE sql
AS $function$ SELECT 1::bigint $function$;

-- create_function public.f_sec
CREATE OR REPLACE FUNCTION public.f_sec()
 RETURNS integer
 LANGUAGE sql
 SECURITY DEFINER
AS $function$ SELECT 1 $function$;

-- create_function public.f_vol
CREATE OR REPLACE FUNCTION public.f_vol()
 RETURNS timestamp with time zone
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$ SELECT now() $function$;

-- create_function public.f_cfg
CREATE OR REPLACE FUNCTION public.f_cfg()
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public'
AS $function$ BEGIN RETURN 1; END $function$;
