-- create_table public.k
create table "public"."k" (
    "v" integer default 7
      ) inherits ("public"."c");

-- add_column public.p.z
alter table "public"."p" add column "z" integer default 3;

-- set_default public.p.v
alter table only "public"."p" alter column "v" set default 2;

-- set_default public.c.z
ALTER TABLE ONLY public.c ALTER COLUMN z SET DEFAULT 30;

-- set_default public.g.v
ALTER TABLE ONLY public.g ALTER COLUMN v SET DEFAULT 9;

-- drop_default public.g.w
ALTER TABLE ONLY public.g ALTER COLUMN w DROP DEFAULT;

-- set_default public.g.z
ALTER TABLE ONLY public.g ALTER COLUMN z SET DEFAULT 30;

-- set_default public.h.v
ALTER TABLE ONLY public.h ALTER COLUMN v SET DEFAULT 2;

-- set_default public.h.z
ALTER TABLE ONLY public.h ALTER COLUMN z SET DEFAULT 3;

-- set_default public.k.z
ALTER TABLE ONLY public.k ALTER COLUMN z SET DEFAULT 30;
