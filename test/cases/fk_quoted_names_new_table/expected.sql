-- create_sequence public.Note Seq
create sequence "public"."Note Seq" AS integer INCREMENT BY 1 MINVALUE 10 MAXVALUE 2147483647 START WITH 10 CACHE 1 NO CYCLE;

-- create_table public."Line ""Notes"""
create table "public"."Line ""Notes""" (
    "Item Id" integer,
    "body" text
      );

-- add_constraint public."Line ""Notes"""."Line ""Notes""_Item Id_fkey"
ALTER TABLE public."Line ""Notes""" ADD CONSTRAINT "Line ""Notes""_Item Id_fkey" FOREIGN KEY ("Item Id") REFERENCES "Order Items"("Item Id") ON DELETE CASCADE;
