-- alter_column_type public.t.code
alter table "public"."t" alter column "code" set data type integer using "code"::integer;
