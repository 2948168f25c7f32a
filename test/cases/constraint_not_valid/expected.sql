-- add_constraint public.t.t_id_fkey
alter table "public"."t" add constraint "t_id_fkey" FOREIGN KEY (id) REFERENCES p(id) NOT VALID not valid;

-- add_constraint public.t.t_n_check
alter table "public"."t" add constraint "t_n_check" CHECK ((n > 0)) NOT VALID not valid;
