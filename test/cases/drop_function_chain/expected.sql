-- drop_view public.labels
drop view if exists "public"."labels";

-- drop_function public.price_label(numeric)
drop function if exists "public"."price_label"(p numeric);

-- drop_function public.taxed(numeric)
drop function if exists "public"."taxed"(p numeric);

-- drop_function public.base_rate()
drop function if exists "public"."base_rate"();
