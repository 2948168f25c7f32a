-- add_enum_value public.status (pre)
ALTER TYPE public.status ADD VALUE IF NOT EXISTS 'pending' AFTER 'new';

-- drop_default public.t.s
alter table "public"."t" alter column "s" drop default;

-- alter_column_type public.t.s
alter table "public"."t" alter column s type "public"."status" using s::text::"public"."status";

-- set_default public.t.s
alter table "public"."t" alter column "s" set default 'new'::status;

-- set_default public.t.s
alter table "public"."t" alter column "s" set default 'pending'::status;
