-- create_table public.orders_asia
CREATE TABLE public.orders_asia (LIKE public.orders INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION) PARTITION BY RANGE (placed_at);

-- create_index public.orders_asia_by_day
CREATE INDEX orders_asia_by_day ON public.orders_asia USING btree (placed_at);

-- attach_partition public.orders
ALTER TABLE public.orders ATTACH PARTITION public.orders_asia FOR VALUES IN ('asia');

-- create_partition public.orders_asia_2026
create table "public"."orders_asia_2026" partition of "public"."orders_asia" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

-- create_table public.orders_us
CREATE TABLE public.orders_us (LIKE public.orders INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION,
    CONSTRAINT orders_us_pkey PRIMARY KEY (region, ref, placed_at));

-- attach_partition public.orders
ALTER TABLE public.orders ATTACH PARTITION public.orders_us FOR VALUES IN ('us');
