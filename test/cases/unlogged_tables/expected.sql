-- create_table public.c
create unlogged table "public"."c" (
    "id" integer
      );

-- set_logged public.a
alter table "public"."a" set logged;

-- set_unlogged public.b
alter table "public"."b" set unlogged;
