-- drop_function public.f()
drop function if exists "public"."f"();

-- drop_view public.v
drop view if exists "public"."v";

-- drop_table public.posts (deletes data)
drop table "public"."posts";

-- drop_table public.users (deletes data)
drop table "public"."users";

-- drop_table s.x (deletes data)
drop table "s"."x";

-- drop_sequence public.posts_id_seq (deletes data)
drop sequence if exists "public"."posts_id_seq";

-- drop_type public.st (deletes data)
drop type "public"."st";

-- drop_schema s (deletes data)
drop schema if exists "s";

-- drop_domain public.d (deletes data)
DROP DOMAIN public.d;
