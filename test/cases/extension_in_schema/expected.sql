-- create_schema ext
create schema if not exists "ext";

-- create_extension pg_trgm
create extension if not exists "pg_trgm" with schema "ext" version '1.6';

-- create_extension uuid-ossp
create extension if not exists "uuid-ossp" with schema "public" version '1.1';

-- add_column public.u.id
alter table "public"."u" add column "id" uuid default uuid_generate_v4();

-- create_index public.u_email_trgm
CREATE INDEX u_email_trgm ON public.u USING gin (((email)::text) ext.gin_trgm_ops);

-- comment uuid-ossp
COMMENT ON EXTENSION "uuid-ossp" IS 'generate universally unique identifiers (UUIDs)';
