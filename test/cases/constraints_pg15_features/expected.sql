-- drop_constraint public.child.child_parent
alter table "public"."child" drop constraint "child_parent";

-- create_index public.child_email
CREATE UNIQUE INDEX child_email ON public.child USING btree (email) NULLS NOT DISTINCT;

-- create_index public.child_tenant_email
CREATE UNIQUE INDEX child_tenant_email ON public.child USING btree (tenant, email) NULLS NOT DISTINCT;

-- add_constraint public.child.child_email
alter table "public"."child" add constraint "child_email" UNIQUE using index "child_email";

-- add_constraint public.child.child_id_positive
alter table "public"."child" add constraint "child_id_positive" CHECK ((id > 0)) NO INHERIT not valid;

-- validate_constraint public.child.child_id_positive
alter table "public"."child" validate constraint "child_id_positive";

-- add_constraint public.child.child_parent
alter table "public"."child" add constraint "child_parent" FOREIGN KEY (tenant, parent_id) REFERENCES parent(tenant, id) MATCH FULL ON DELETE SET NULL (parent_id) DEFERRABLE INITIALLY DEFERRED not valid;

-- validate_constraint public.child.child_parent
alter table "public"."child" validate constraint "child_parent";
