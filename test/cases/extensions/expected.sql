-- create_schema ext
create schema if not exists "ext";

-- create_extension citext
create extension if not exists "citext" with schema "public" version '1.6';

-- create_extension pg_trgm
create extension if not exists "pg_trgm" with schema "ext" version '1.6';

-- add_column public.t.email
alter table "public"."t" add column "email" citext;

-- drop_extension hstore
drop extension if exists "hstore";
