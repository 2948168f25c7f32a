-- drop_constraint public.t.t_email_key
alter table "public"."t" drop constraint "t_email_key";

-- drop_index public.t_email_key
drop index if exists "public"."t_email_key";

-- create_index public.t_email_key
CREATE UNIQUE INDEX t_email_key ON public.t USING btree (lower(email));
