-- add_column public.t.total
alter table "public"."t" add column "total" numeric generated always as ((price * (qty)::numeric)) stored;

-- set_identity public.t.id
alter table "public"."t" alter column "id" set generated always;

-- set_default public.t.price
alter table "public"."t" alter column "price" set default 0;

-- set_not_null public.t.price
alter table "public"."t" alter column "price" set not null;

-- set_identity public.t.id
ALTER TABLE public.t ALTER COLUMN id SET INCREMENT BY 5 SET START WITH 1000;
