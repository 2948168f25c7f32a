-- create_extension pg_trgm
create extension if not exists "pg_trgm" with schema "public" version '1.6';

-- create_index public.t_name_trgm
CREATE INDEX t_name_trgm ON public.t USING gin (name gin_trgm_ops);
