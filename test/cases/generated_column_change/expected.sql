-- set_expression public.t.b
ALTER TABLE public.t ALTER COLUMN b SET EXPRESSION AS ((a * 3));

-- drop_expression public.t.c
alter table "public"."t" alter column "c" drop expression;
