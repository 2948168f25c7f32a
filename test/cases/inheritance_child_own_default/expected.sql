-- set_default public.child.note
alter table "public"."child" alter column "note" set default 'n'::text;

-- set_default public.child.v
alter table "public"."child" alter column "v" set default 42;

-- set_default public.child2.v
alter table "public"."child2" alter column "v" set default 8;
