-- create_type public.new_t
create type "public"."new_t" as ("x" integer, "y" numeric);

-- drop_type public.old_t (deletes data)
drop type "public"."old_t";

-- add_column public.addr.zip
ALTER TYPE public.addr ADD ATTRIBUTE zip character varying(10);

-- create_table public.people
create table "public"."people" (
    "id" integer,
    "home" addr
      );
