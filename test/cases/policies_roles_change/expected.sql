-- drop_policy public.docs.own
drop policy "own" on "public"."docs";

-- create_policy public.docs.read_public
create policy "read_public"
  on "public"."docs"
  as restrictive
  for select
  to public
using ((public OR (owner = CURRENT_USER)));

-- create_policy public.docs.own
create policy "own"
  on "public"."docs"
  as permissive
  for update
  to public
using ((owner = CURRENT_USER))
with check ((owner = CURRENT_USER));

-- force_row_security public.docs
ALTER TABLE public.docs FORCE ROW LEVEL SECURITY;
