-- alter_column_type public.t.email
alter table "public"."t" alter column "email" set data type citext using "email"::citext;

-- create_index public.t_email_key
CREATE UNIQUE INDEX t_email_key ON public.t USING btree (email);

-- add_constraint public.t.t_email_key
alter table "public"."t" add constraint "t_email_key" UNIQUE using index "t_email_key";
