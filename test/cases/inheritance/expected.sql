-- add_column public.parent.added
alter table "public"."parent" add column "added" integer;

-- add_column public.loner.added
alter table "public"."loner" add column "added" integer;

-- add_inherit public.loner
alter table "public"."loner" inherit "public"."parent";

-- drop_default public.child.added
ALTER TABLE ONLY public.child ALTER COLUMN added DROP DEFAULT;

-- drop_default public.loner.added
ALTER TABLE ONLY public.loner ALTER COLUMN added DROP DEFAULT;
