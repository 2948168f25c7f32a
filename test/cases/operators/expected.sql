-- drop_operator public.@+@(int4, int4)
DROP OPERATOR public.@+@ (pg_catalog.int4, pg_catalog.int4);

-- drop_operator public.~=(numeric, numeric)
DROP OPERATOR public.~= (pg_catalog."numeric", pg_catalog."numeric");

-- drop_function public.add3(int4, int4)
drop function if exists "public"."add3"(a integer, b integer);

-- create_function public.approx_ne
CREATE OR REPLACE FUNCTION public.approx_ne(a numeric, b numeric)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$SELECT abs(a - b) >= 0.01$function$;

-- create_function public.mirror
CREATE OR REPLACE FUNCTION public.mirror(t text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$SELECT reverse(t)$function$;

-- create_operator public.~=
CREATE OPERATOR public.~= (LEFTARG = pg_catalog."numeric", RIGHTARG = pg_catalog."numeric", FUNCTION = public.approx_eq, COMMUTATOR = OPERATOR(public.~=), NEGATOR = OPERATOR(public.!~=), RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel);

-- create_view public.near_one
create or replace view "public"."near_one" as  SELECT v
   FROM readings
  WHERE (v ~= 1.0);

-- create_operator public.!~=
CREATE OPERATOR public.!~= (LEFTARG = pg_catalog."numeric", RIGHTARG = pg_catalog."numeric", FUNCTION = public.approx_ne, COMMUTATOR = OPERATOR(public.!~=), NEGATOR = OPERATOR(public.~=));

-- create_operator public.~~~
CREATE OPERATOR public.~~~ (RIGHTARG = pg_catalog.text, FUNCTION = public.mirror);

-- comment public.~=(numeric, numeric)
COMMENT ON OPERATOR public.~=(numeric,numeric) IS 'approximately equal';
