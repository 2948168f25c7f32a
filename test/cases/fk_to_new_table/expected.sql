-- create_table public.customers
create table "public"."customers" (
    "id" integer not null,
    CONSTRAINT customers_pkey PRIMARY KEY (id)
      );

-- add_constraint public.orders.orders_customer_id_fkey
alter table "public"."orders" add constraint "orders_customer_id_fkey" FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE SET NULL not valid;

-- validate_constraint public.orders.orders_customer_id_fkey
alter table "public"."orders" validate constraint "orders_customer_id_fkey";
