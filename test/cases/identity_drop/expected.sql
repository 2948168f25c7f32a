-- drop_identity public.t.id
alter table "public"."t" alter column "id" drop identity;
