-- create_table public.u
create table "public"."u" (
    "id" integer,
    "kind" character varying(20),
    CONSTRAINT u_kind_check CHECK (((kind)::text = ANY (ARRAY['x'::text, 'y'::text])))
      );

-- add_column public.t.kind
alter table "public"."t" add column "kind" character varying(20) not null default 'a'::character varying;

-- add_constraint public.t.t_kind_check
alter table "public"."t" add constraint "t_kind_check" CHECK (((kind)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying, 'c'::character varying])::text[]))) not valid;

-- validate_constraint public.t.t_kind_check
alter table "public"."t" validate constraint "t_kind_check";
