-- add_column public.t.name_norm
alter table "public"."t" add column "name_norm" text generated always as (norm(name)) stored;

-- create_index public.t_norm
CREATE INDEX t_norm ON public.t USING btree (norm(name));

-- add_constraint public.t.t_name_check
alter table "public"."t" add constraint "t_name_check" CHECK ((norm(name) <> ''::text)) not valid;

-- validate_constraint public.t.t_name_check
alter table "public"."t" validate constraint "t_name_check";
