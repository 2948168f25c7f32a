-- enable_row_security public.a
alter table "public"."a" enable row level security;

-- disable_row_security public.b
alter table "public"."b" disable row level security;

-- force_row_security public.a
ALTER TABLE public.a FORCE ROW LEVEL SECURITY;

-- no_force_row_security public.b
ALTER TABLE public.b NO FORCE ROW LEVEL SECURITY;
