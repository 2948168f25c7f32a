-- create_sequence public.child_id_seq
create sequence "public"."child_id_seq";

-- drop_inherit public.child
alter table "public"."child" no inherit "public"."old_parent";

-- set_default public.child.id
alter table "public"."child" alter column "id" set default nextval('child_id_seq'::regclass);

-- drop_table public.old_parent (deletes data)
drop table "public"."old_parent";

-- add_inherit public.child
alter table "public"."child" inherit "public"."new_parent";

-- drop_not_null public.child.id
alter table "public"."child" alter column "id" drop not null;

-- alter_sequence public.child_id_seq
alter sequence "public"."child_id_seq" owned by "public"."child"."id";

-- drop_sequence public.old_parent_id_seq (deletes data)
drop sequence if exists "public"."old_parent_id_seq";
