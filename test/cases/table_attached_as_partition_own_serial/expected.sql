-- alter_sequence public.events_id_seq
ALTER SEQUENCE public.events_id_seq OWNED BY NONE;

-- drop_table public.events (deletes data)
drop table "public"."events";

-- create_table public.events
create table "public"."events" (
    "id" integer not null default nextval('events_id_seq'::regclass),
    "kind" text not null,
    "note" text default 'none'::text
      ) partition by LIST (kind);

-- attach_partition public.events
alter table "public"."events" attach partition "archive"."events_old" FOR VALUES IN ('old');

-- set_default archive.events_old.id
ALTER TABLE archive.events_old ALTER COLUMN id SET DEFAULT nextval('events_id_seq'::regclass);

-- set_default archive.events_old.note
ALTER TABLE archive.events_old ALTER COLUMN note SET DEFAULT 'none'::text;

-- drop_sequence archive.events_old_id_seq (deletes data)
drop sequence if exists "archive"."events_old_id_seq";

-- alter_sequence public.events_id_seq
ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id;
