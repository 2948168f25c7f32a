-- detach_partition public.invoices
alter table "public"."invoices" detach partition "public"."invoices_eu";

-- detach_partition public.invoices
alter table "public"."invoices" detach partition "public"."invoices_us";

-- drop_table public.invoices (deletes data)
drop table "public"."invoices";

-- create_table public.invoices
create table "public"."invoices" (
    "id" integer not null,
    "region" text not null,
    "number" text,
    "customer_id" integer,
    CONSTRAINT invoices_region_number_key UNIQUE (region, number)
      );

-- validate_constraint public.invoices_eu.invoices_customer_id_fkey
alter table "public"."invoices_eu" validate constraint "invoices_customer_id_fkey";

-- drop_constraint public.invoices_us.invoices_us_region_number_key
ALTER TABLE public.invoices_us DROP CONSTRAINT IF EXISTS invoices_us_region_number_key;

-- drop_constraint public.invoices_us.invoices_customer_id_fkey
ALTER TABLE public.invoices_us DROP CONSTRAINT IF EXISTS invoices_customer_id_fkey;

-- drop_index public.invoices_eu_customer_id_idx
DROP INDEX IF EXISTS public.invoices_eu_customer_id_idx;

-- drop_index public.invoices_us_customer_id_idx
DROP INDEX IF EXISTS public.invoices_us_customer_id_idx;

-- create_index public.invoices_customer_idx
CREATE INDEX invoices_customer_idx ON public.invoices USING btree (customer_id);

-- add_constraint public.invoices.invoices_customer_id_fkey
ALTER TABLE public.invoices ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(id);
