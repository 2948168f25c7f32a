-- drop_table public.metrics (deletes data)
drop table "public"."metrics";

-- create_table public.metrics
create table "public"."metrics" (
    "id" bigint not null,
    "at" timestamp with time zone not null,
    "v" numeric
      ) partition by RANGE (at);

-- create_partition public.metrics_2026
create table "public"."metrics_2026" partition of "public"."metrics" FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');

-- create_index public.metrics_at
CREATE INDEX metrics_at ON public.metrics USING btree (at);
