-- drop_constraint public.keep.keep_pkey
alter table "public"."keep" drop constraint "keep_pkey";

-- drop_constraint public.marker.marker_pkey
alter table "public"."marker" drop constraint "marker_pkey";

-- drop_index public.keep_pkey
drop index if exists "public"."keep_pkey";

-- drop_index public.marker_pkey
drop index if exists "public"."marker_pkey";

-- drop_column public.keep.id (deletes data)
alter table "public"."keep" drop column "id";

-- drop_column public.marker.id (deletes data)
alter table "public"."marker" drop column "id";

-- drop_column public.marker.note (deletes data)
alter table "public"."marker" drop column "note";

-- drop_sequence public.keep_id_seq (deletes data)
drop sequence if exists "public"."keep_id_seq";
