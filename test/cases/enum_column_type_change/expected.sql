-- alter_column_type public.t.s
alter table "public"."t" alter column "s" set data type status using "s"::status;
