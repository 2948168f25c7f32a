-- drop_column public.readings.reading id (deletes data)
alter table "public"."readings" drop column "reading id";

-- drop_sequence public.readings_reading id_seq (deletes data)
drop sequence if exists "public"."readings_reading id_seq";
