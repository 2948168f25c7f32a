-- drop_default public.tokens.code
alter table "public"."tokens" alter column "code" drop default;

-- drop_function public.next_code()
drop function if exists "public"."next_code"();
