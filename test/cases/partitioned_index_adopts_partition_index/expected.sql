-- create_table public.samples
create table "public"."samples" (
    "metric_id" integer not null,
    "at" timestamp with time zone not null,
    "value" double precision
      ) partition by RANGE (at);

-- create_partition public.samples_2026
create table "public"."samples_2026" partition of "public"."samples" FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');

-- create_partition public.samples_2027
create table "public"."samples_2027" partition of "public"."samples" FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2028-01-01 00:00:00+00');

-- create_index public.samples_2026_recent
CREATE INDEX samples_2026_recent ON public.samples_2026 USING btree (metric_id, at);

-- create_index public.samples_metric_at_idx
CREATE INDEX samples_metric_at_idx ON public.samples USING btree (metric_id, at);

-- add_constraint public.samples.samples_metric_id_fkey
ALTER TABLE public.samples ADD CONSTRAINT samples_metric_id_fkey FOREIGN KEY (metric_id) REFERENCES metrics(id);
