-- add_column public.a.b_id
alter table "public"."a" add column "b_id" integer;

-- add_column public.a.parent
alter table "public"."a" add column "parent" integer;

-- add_column public.b.a_id
alter table "public"."b" add column "a_id" integer;

-- add_constraint public.a.a_b_fk
alter table "public"."a" add constraint "a_b_fk" FOREIGN KEY (b_id) REFERENCES b(id) not valid;

-- validate_constraint public.a.a_b_fk
alter table "public"."a" validate constraint "a_b_fk";

-- add_constraint public.a.a_parent_fkey
alter table "public"."a" add constraint "a_parent_fkey" FOREIGN KEY (parent) REFERENCES a(id) not valid;

-- validate_constraint public.a.a_parent_fkey
alter table "public"."a" validate constraint "a_parent_fkey";

-- add_constraint public.b.b_a_id_fkey
alter table "public"."b" add constraint "b_a_id_fkey" FOREIGN KEY (a_id) REFERENCES a(id) not valid;

-- validate_constraint public.b.b_a_id_fkey
alter table "public"."b" validate constraint "b_a_id_fkey";
