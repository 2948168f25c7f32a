-- drop_constraint public.c.c_p_id_fkey
alter table "public"."c" drop constraint "c_p_id_fkey";

-- drop_table public.p (deletes data)
drop table "public"."p";
