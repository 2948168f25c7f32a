-- drop_index public.invoices_open
drop index if exists "public"."invoices_open";

-- drop_function public.is_open(status)
drop function if exists "public"."is_open"(s status);

-- drop_column public.invoices.total (deletes data)
alter table "public"."invoices" drop column "total";

-- drop_column public.invoices.st (deletes data)
alter table "public"."invoices" drop column "st";

-- drop_type public.status (deletes data)
drop type "public"."status";

-- drop_domain public.money_amount (deletes data)
DROP DOMAIN public.money_amount;
