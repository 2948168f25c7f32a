-- drop_constraint public.t.t_email_key
alter table "public"."t" drop constraint "t_email_key";

-- drop_constraint public.t.t_age_check
alter table "public"."t" drop constraint "t_age_check";

-- drop_index public.t_email_key
drop index if exists "public"."t_email_key";

-- create_index public.t_email_id_key
CREATE UNIQUE INDEX t_email_id_key ON public.t USING btree (email, id);

-- create_index public.t_email_nulls
CREATE UNIQUE INDEX t_email_nulls ON public.t USING btree (email) NULLS NOT DISTINCT;

-- add_constraint public.t.t_email_id_key
alter table "public"."t" add constraint "t_email_id_key" UNIQUE using index "t_email_id_key";

-- add_constraint public.t.t_email_nulls
alter table "public"."t" add constraint "t_email_nulls" UNIQUE using index "t_email_nulls";

-- add_constraint public.t.t_id_check
alter table "public"."t" add constraint "t_id_check" CHECK ((id IS NOT NULL)) NO INHERIT not valid;

-- validate_constraint public.t.t_id_check
alter table "public"."t" validate constraint "t_id_check";

-- add_constraint public.t.t_age_check
alter table "public"."t" add constraint "t_age_check" CHECK ((age >= 18)) not valid;

-- validate_constraint public.t.t_age_check
alter table "public"."t" validate constraint "t_age_check";
