-- set_identity public.t.id
alter table "public"."t" alter column "id" set generated always;

-- set_identity public.t.id
ALTER TABLE public.t ALTER COLUMN id SET START WITH 100 SET CACHE 10;

-- set_identity public.t.a
ALTER TABLE public.t ALTER COLUMN a SET INCREMENT BY 1 SET MAXVALUE 1000000 SET CYCLE;
