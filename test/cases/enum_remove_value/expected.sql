-- rename_type public.mood
alter type "public"."mood" rename to "mood__old_version_to_be_dropped";

-- create_enum public.mood
create type "public"."mood" as enum ('ok', 'happy');

-- drop_default public.t.m
alter table "public"."t" alter column "m" drop default;

-- alter_column_type public.t.m
alter table "public"."t" alter column m type "public"."mood" using m::text::"public"."mood";

-- set_default public.t.m
alter table "public"."t" alter column "m" set default 'ok'::mood;

-- drop_type public.mood__old_version_to_be_dropped (deletes data)
drop type "public"."mood__old_version_to_be_dropped";
