-- drop_publication old_feed
DROP PUBLICATION old_feed;

-- drop_publication cdc
DROP PUBLICATION cdc;

-- create_table public.ticks
create table "public"."ticks" (
    "at" date not null,
    "v" integer
      ) partition by RANGE (at);

-- create_partition public.ticks_2026
create table "public"."ticks_2026" partition of "public"."ticks" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

-- create_publication cdc
CREATE PUBLICATION cdc FOR TABLE public.customers, TABLE public.orders (id, status, total) WHERE ((status <> 'draft'::text)) WITH (publish = 'insert, update, delete', publish_via_partition_root = false);

-- create_publication ticks_feed
CREATE PUBLICATION ticks_feed FOR TABLE public.ticks WITH (publish = 'insert, update, delete, truncate', publish_via_partition_root = true);

-- comment cdc
COMMENT ON PUBLICATION cdc IS 'orders for the warehouse';
