-- drop_constraint public.prices.prices_currency_fkey
alter table "public"."prices" drop constraint "prices_currency_fkey";

-- drop_index public.currencies_code
drop index if exists "public"."currencies_code";
