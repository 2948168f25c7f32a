-- drop_policy public.t.p_old
drop policy "p_old" on "public"."t";

-- drop_policy public.t.p_roles
drop policy "p_roles" on "public"."t";

-- drop_policy public.t.p_sel
drop policy "p_sel" on "public"."t";

-- create_policy public.t.Mixed Case
create policy "Mixed Case"
  on "public"."t"
  as permissive
  for all
  to public
using ((id <> 0));

-- create_policy public.t.p_ins
create policy "p_ins"
  on "public"."t"
  as restrictive
  for insert
  to public
with check ((id > 0));

-- create_policy public.t.p_roles
create policy "p_roles"
  on "public"."t"
  as permissive
  for update
  to postgres
using (true)
with check ((id > 0));

-- create_policy public.t.p_sel
create policy "p_sel"
  on "public"."t"
  as permissive
  for select
  to public
using ((owner = SESSION_USER));
