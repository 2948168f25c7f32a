-- drop_constraint public.s.s_rid_fkey
alter table "public"."s" drop constraint "s_rid_fkey";

-- drop_constraint public.t.t_id_key
alter table "public"."t" drop constraint "t_id_key";

-- drop_index public.t_id_key
drop index if exists "public"."t_id_key";

-- create_index public.t_id_key
CREATE UNIQUE INDEX t_id_key ON public.t USING btree (id);

-- add_constraint public.s.s_rid_fkey
alter table "public"."s" add constraint "s_rid_fkey" FOREIGN KEY (rid) REFERENCES r(id) DEFERRABLE not valid;

-- validate_constraint public.s.s_rid_fkey
alter table "public"."s" validate constraint "s_rid_fkey";

-- add_constraint public.t.t_id_key
alter table "public"."t" add constraint "t_id_key" UNIQUE using index "t_id_key" DEFERRABLE INITIALLY DEFERRED;
