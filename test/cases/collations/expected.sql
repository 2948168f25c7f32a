-- create_collation public.ci
CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- create_collation public.german
CREATE COLLATION public.german (provider = libc, lc_collate = 'C', lc_ctype = 'C');

-- add_column public.t.other
alter table "public"."t" add column "other" text collate public.german;

-- alter_column_type public.t.name
alter table "public"."t" alter column "name" set data type text collate public.ci using "name"::text;

-- drop_collation public.old_c
DROP COLLATION public.old_c;
