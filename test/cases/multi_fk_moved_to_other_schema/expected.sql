-- create_schema org
create schema if not exists "org";

-- drop_constraint public.children.children_parent_id_fkey
alter table "public"."children" drop constraint "children_parent_id_fkey";

-- create_table org.parents
create table "org"."parents" (
    "id" integer not null,
    CONSTRAINT parents_pkey PRIMARY KEY (id)
      );

-- add_constraint public.children.children_parent_id_fkey
alter table "public"."children" add constraint "children_parent_id_fkey" FOREIGN KEY (parent_id) REFERENCES org.parents(id) not valid;

-- validate_constraint public.children.children_parent_id_fkey
alter table "public"."children" validate constraint "children_parent_id_fkey";
