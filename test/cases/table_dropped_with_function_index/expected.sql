-- drop_table public.subscriptions (deletes data)
drop table "public"."subscriptions";

-- drop_function public.is_active(text)
drop function if exists "public"."is_active"(status text);

-- drop_function public.normalized(text)
drop function if exists "public"."normalized"(email text);
