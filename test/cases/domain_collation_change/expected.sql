-- rename_domain public.email
ALTER DOMAIN public.email RENAME TO email_schemaop_old;

-- create_domain public.email
CREATE DOMAIN public.email AS text COLLATE pg_catalog."C";

-- alter_column_type public.t.e
ALTER TABLE public.t ALTER COLUMN e TYPE public.email USING e::public.email;

-- drop_domain public.email_schemaop_old (deletes data)
DROP DOMAIN public.email_schemaop_old;
