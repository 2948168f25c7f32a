-- drop_inherit public.child
alter table "public"."child" no inherit "public"."old_parent";

-- add_inherit public.child
alter table "public"."child" inherit "public"."new_parent";

-- alter_sequence public.old_parent_id_seq
alter sequence "public"."old_parent_id_seq" owned by none;

-- alter_sequence public.old_parent_id_seq
ALTER SEQUENCE public.old_parent_id_seq AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1 NO CYCLE;

-- drop_column public.old_parent.id (deletes data)
alter table "public"."old_parent" drop column "id";

-- drop_not_null public.child.id
alter table "public"."child" alter column "id" drop not null;
