-- drop_constraint public.c.c_p_id_fkey
alter table "public"."c" drop constraint "c_p_id_fkey";

-- add_constraint public.c.c_p_code_fkey
alter table "public"."c" add constraint "c_p_code_fkey" FOREIGN KEY (p_code) REFERENCES p(code) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED not valid;

-- validate_constraint public.c.c_p_code_fkey
alter table "public"."c" validate constraint "c_p_code_fkey";

-- add_constraint public.c.c_x_fkey
alter table "public"."c" add constraint "c_x_fkey" FOREIGN KEY (x) REFERENCES p(id) MATCH FULL ON DELETE RESTRICT not valid;

-- validate_constraint public.c.c_x_fkey
alter table "public"."c" validate constraint "c_x_fkey";

-- add_constraint public.c.c_p_id_fkey
alter table "public"."c" add constraint "c_p_id_fkey" FOREIGN KEY (p_id) REFERENCES p(id) ON UPDATE SET NULL ON DELETE CASCADE not valid;

-- validate_constraint public.c.c_p_id_fkey
alter table "public"."c" validate constraint "c_p_id_fkey";
