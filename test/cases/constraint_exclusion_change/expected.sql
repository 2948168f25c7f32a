-- drop_constraint public.c.c_excl
alter table "public"."c" drop constraint "c_excl";

-- add_constraint public.c.c_excl
alter table "public"."c" add constraint "c_excl" EXCLUDE USING gist (d WITH &&) WHERE ((d IS NOT NULL));
