-- drop_constraint public.notes.notes_event_id_fkey
alter table "public"."notes" drop constraint "notes_event_id_fkey";

-- drop_constraint public.events.events_pkey
alter table "public"."events" drop constraint "events_pkey";

-- drop_index public.events_pkey
drop index if exists "public"."events_pkey";

-- create_table public.ledger
create table "public"."ledger" (
    "id" integer not null,
    "day" date not null,
    CONSTRAINT ledger_pkey PRIMARY KEY (id, day)
      ) partition by RANGE (day);

-- create_partition public.ledger_2026
create table "public"."ledger_2026" partition of "public"."ledger" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

-- create_index public.events_pkey
CREATE UNIQUE INDEX events_pkey ON public.events USING btree (id, day);

-- add_constraint public.events.events_pkey
alter table "public"."events" add constraint "events_pkey" PRIMARY KEY using index "events_pkey";

-- add_constraint public.notes.notes_event_id_event_day_fkey
alter table "public"."notes" add constraint "notes_event_id_event_day_fkey" FOREIGN KEY (event_id, event_day) REFERENCES ledger(id, day);
