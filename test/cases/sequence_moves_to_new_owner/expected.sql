-- create_table public.orders
create table "public"."orders" (
    "no" bigint not null default nextval('order_no'::regclass),
    "placed" date,
    CONSTRAINT orders_pkey PRIMARY KEY (no)
      );

-- alter_sequence public.order_no
alter sequence "public"."order_no" owned by "public"."orders"."no";

-- drop_table public.legacy_orders (deletes data)
drop table "public"."legacy_orders";
