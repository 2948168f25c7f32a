-- drop_default public.settings.flag
alter table "public"."settings" alter column "flag" drop default;

-- alter_column_type public.settings.flag
alter table "public"."settings" alter column "flag" set data type boolean using "flag"::boolean;

-- set_default public.settings.flag
alter table "public"."settings" alter column "flag" set default true;

-- drop_default public.settings.level
alter table "public"."settings" alter column "level" drop default;

-- alter_column_type public.settings.level
alter table "public"."settings" alter column "level" set data type integer using "level"::integer;

-- set_default public.settings.level
alter table "public"."settings" alter column "level" set default 3;
