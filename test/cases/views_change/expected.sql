-- drop_view public.v_old
drop view if exists "public"."v_old";

-- drop_view public.v3
drop view if exists "public"."v3";

-- create_view public.v_chk
create or replace view "public"."v_chk" as  SELECT id,
    b
   FROM t
  WHERE (b > 1);

-- create_view public.v_new
create or replace view "public"."v_new" as  SELECT id
   FROM t;

-- create_view public.v1
create or replace view "public"."v1" as  SELECT id,
    a,
    b
   FROM t
  WHERE (b > 0);

-- create_view public.v3
create or replace view "public"."v3" as  SELECT id,
    b
   FROM t;

-- set_rel_options public.v_new
ALTER VIEW public.v_new SET (security_barrier=true);

-- set_rel_options public.v_chk
ALTER VIEW public.v_chk SET (check_option=cascaded);
