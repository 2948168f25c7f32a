-- alter_column_type public.t.code
alter table "public"."t" alter column "code" set data type text using "code"::text;

-- alter_column_type public.t.n
alter table "public"."t" alter column "n" set data type bigint using "n"::bigint;
