-- alter_column_type public.t.code
alter table "public"."t" alter column "code" set data type text using "code"::text;

-- alter_column_type public.t.name
alter table "public"."t" alter column "name" set data type text collate pg_catalog."C" using "name"::text;
