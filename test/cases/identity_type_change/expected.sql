-- alter_column_type public.t.id
alter table "public"."t" alter column "id" set data type bigint using "id"::bigint;

-- set_identity public.t.id
ALTER TABLE public.t ALTER COLUMN id SET MAXVALUE 9223372036854775807 SET MINVALUE 1;
