-- add_column public.t.total
alter table "public"."t" add column "total" numeric generated always as ((price * (qty)::numeric)) stored;
