-- drop_view public.v
drop view if exists "public"."v";

-- alter_column_type public.t.a
alter table "public"."t" alter column "a" set data type bigint using "a"::bigint;

-- drop_function public.f(int4)
DROP FUNCTION IF EXISTS public.f(x integer);

-- create_function public.f
CREATE OR REPLACE FUNCTION public.f(x integer)
 RETURNS bigint
 LANGUAGE sql
AS $function$ SELECT x::bigint $function$;

-- create_view public.v
create or replace view "public"."v" as  SELECT id,
    a
   FROM t;

-- comment public.f(int4)
COMMENT ON FUNCTION public.f(integer) IS 'function';

-- comment public.v
COMMENT ON VIEW public.v IS 'view comment';

-- comment public.v.a
COMMENT ON COLUMN public.v.a IS 'a col';
