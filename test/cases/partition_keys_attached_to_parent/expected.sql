-- drop_constraint public.orders_us.orders_us_pkey
alter table "public"."orders_us" drop constraint "orders_us_pkey";

-- drop_index public.orders_us_pkey
drop index if exists "public"."orders_us_pkey";

-- set_not_null public.orders_us.note
ALTER TABLE public.orders_us ALTER COLUMN note SET NOT NULL;

-- enable_row_security public.orders_eu
ALTER TABLE public.orders_eu ENABLE ROW LEVEL SECURITY;

-- add_constraint public.orders_eu.orders_eu_key
ALTER TABLE public.orders_eu ADD CONSTRAINT orders_eu_key PRIMARY KEY USING INDEX orders_eu_key;

-- attach_index_partition public.orders_pkey
ALTER INDEX public.orders_pkey ATTACH PARTITION public.orders_eu_key;

-- attach_index_partition public.orders_note
ALTER INDEX public.orders_note ATTACH PARTITION public.orders_eu_note;
