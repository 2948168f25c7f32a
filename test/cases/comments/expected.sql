-- create_schema s
create schema if not exists "s";

-- create_enum public.e
create type "public"."e" as enum ('a');

-- create_domain public.d
CREATE DOMAIN public.d AS integer;

-- alter_domain public.d
ALTER DOMAIN public.d ADD CONSTRAINT d_pos CHECK ((VALUE > 0));

-- create_type public.comp
create type "public"."comp" as ("x" integer);

-- create_sequence public.sq
create sequence "public"."sq";

-- enable_row_security public.t
alter table "public"."t" enable row level security;

-- create_index public.t_a
CREATE INDEX t_a ON public.t USING btree (a);

-- add_constraint public.t.t_id_check
alter table "public"."t" add constraint "t_id_check" CHECK ((id > 0)) not valid;

-- validate_constraint public.t.t_id_check
alter table "public"."t" validate constraint "t_id_check";

-- create_function public.f
CREATE OR REPLACE FUNCTION public.f(x integer)
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT x $function$;

-- create_materialized_view public.mv
create materialized view "public"."mv" as  SELECT 1 AS x;

-- create_function public.trg
CREATE OR REPLACE FUNCTION public.trg()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$ BEGIN RETURN NEW; END $function$;

-- create_policy public.t.pol
create policy "pol"
  on "public"."t"
  as permissive
  for all
  to public
using (true);

-- create_trigger public.t.tg
CREATE TRIGGER tg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION trg();

-- comment public.comp.x
COMMENT ON COLUMN public.comp.x IS 'composite col';

-- comment public.d_pos
COMMENT ON CONSTRAINT d_pos ON DOMAIN public.d IS 'domain check';

-- comment public.f(int4)
COMMENT ON FUNCTION public.f(integer) IS 'func';

-- comment public.t_a
COMMENT ON INDEX public.t_a IS 'index';

-- comment public.mv
COMMENT ON MATERIALIZED VIEW public.mv IS 'mv';

-- comment public.t.pol
COMMENT ON POLICY pol on public.t IS 'policy';

-- comment s
COMMENT ON SCHEMA s IS 'a schema';

-- comment public.sq
COMMENT ON SEQUENCE public.sq IS 'seq';

-- comment public.t
COMMENT ON TABLE public.t IS 'it''s new';

-- comment public.t.id
COMMENT ON COLUMN public.t.id IS 'identifier';

-- comment public.t.t_id_check
COMMENT ON CONSTRAINT t_id_check on public.t IS 'positive';

-- comment public.t.tg
COMMENT ON TRIGGER tg on public.t IS 'trigger';

-- comment public.comp
COMMENT ON TYPE public.comp IS 'composite';

-- comment public.d
COMMENT ON TYPE public.d IS 'domain';

-- comment public.e
COMMENT ON TYPE public.e IS 'enum';

-- comment public.v
COMMENT ON VIEW public.v IS 'view';

-- comment public.v.id
COMMENT ON COLUMN public.v.id IS 'view col';

-- comment public.t.a
COMMENT ON COLUMN public.t.a IS NULL;
