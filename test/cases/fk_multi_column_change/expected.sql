-- drop_constraint public.ch.ch_fk
alter table "public"."ch" drop constraint "ch_fk";

-- add_constraint public.ch.ch_fk
alter table "public"."ch" add constraint "ch_fk" FOREIGN KEY (a, c) REFERENCES p(a, c) ON DELETE SET NULL (c) not valid;

-- validate_constraint public.ch.ch_fk
alter table "public"."ch" validate constraint "ch_fk";
