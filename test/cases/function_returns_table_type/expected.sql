-- add_column public.t.b
alter table "public"."t" add column "b" integer;

-- create_function public.all_t
CREATE OR REPLACE FUNCTION public.all_t()
 RETURNS SETOF t
 LANGUAGE sql
AS $function$ SELECT * FROM t WHERE id > 0 $function$;
