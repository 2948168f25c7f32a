-- drop_constraint public.shipments.shipments_order_fk
alter table "public"."shipments" drop constraint "shipments_order_fk";

-- drop_constraint public.orders.orders_region_code_key
alter table "public"."orders" drop constraint "orders_region_code_key";
