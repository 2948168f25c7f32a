-- rename_domain public.code
ALTER DOMAIN public.code RENAME TO code_schemaop_old;

-- create_domain public.code
CREATE DOMAIN public.code AS text COLLATE pg_catalog."C";

-- alter_domain public.code
ALTER DOMAIN public.code ADD CONSTRAINT code_not_empty CHECK ((VALUE <> ''::text));

-- set_default public.plain.c
alter table "public"."plain" alter column "c" set default 'x'::text;

-- alter_column_type public.p.c
ALTER TABLE public.p ALTER COLUMN c TYPE public.code USING c::public.code;

-- alter_column_type public.p.cs
ALTER TABLE public.p ALTER COLUMN cs TYPE public.code[] USING cs::public.code[];

-- alter_column_type public.plain.c
ALTER TABLE public.plain ALTER COLUMN c TYPE public.code USING c::public.code;

-- drop_domain public.code_schemaop_old (deletes data)
DROP DOMAIN public.code_schemaop_old;
