-- drop_view public.recent_events
DROP VIEW public.recent_events;

-- drop_materialized_view public.event_kinds (deletes data)
DROP MATERIALIZED VIEW public.event_kinds;

-- drop_table public.events (deletes data)
drop table "public"."events";

-- create_table public.events
create table "public"."events" (
    "id" bigint not null,
    "at" date not null,
    "kind" text,
    CONSTRAINT events_pkey PRIMARY KEY (id, at)
      ) partition by RANGE (at);

-- create_partition public.events_2026
create table "public"."events_2026" partition of "public"."events" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

-- create_view public.recent_events
CREATE VIEW public.recent_events AS SELECT id,
    at,
    kind
   FROM public.events
  WHERE (at > '2026-01-01'::date);

-- create_materialized_view public.event_kinds
CREATE MATERIALIZED VIEW public.event_kinds AS SELECT kind,
    count(*) AS n
   FROM public.events
  GROUP BY kind WITH DATA;
