-- create_table public.child
create table "public"."child" (
    "v" integer default 42
      ) inherits ("public"."parent");
