-- drop_table public.docs (deletes data)
drop table "public"."docs";

-- create_table public.docs
create table "public"."docs" (
    "id" integer not null,
    "owner" text not null,
    "day" date not null,
    CONSTRAINT docs_pkey PRIMARY KEY (id, day)
      ) partition by RANGE (day);

-- create_partition public.docs_all
create table "public"."docs_all" partition of "public"."docs" DEFAULT;

-- create_policy public.docs.docs_owner
CREATE POLICY docs_owner ON public.docs AS PERMISSIVE FOR ALL TO PUBLIC USING ((owner = CURRENT_USER));

-- enable_row_security public.docs
ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;
