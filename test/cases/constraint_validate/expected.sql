-- drop_constraint public.t.t_n_check
alter table "public"."t" drop constraint "t_n_check";

-- add_constraint public.t.t_n_check
alter table "public"."t" add constraint "t_n_check" CHECK ((n > 0)) not valid;

-- validate_constraint public.t.t_n_check
alter table "public"."t" validate constraint "t_n_check";
