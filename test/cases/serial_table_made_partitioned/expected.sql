-- alter_sequence public.readings_id_seq
ALTER SEQUENCE public.readings_id_seq OWNED BY NONE;

-- drop_table public.readings (deletes data)
drop table "public"."readings";

-- create_table public.readings
create table "public"."readings" (
    "id" integer not null default nextval('readings_id_seq'::regclass),
    "at" date not null,
    "value" numeric,
    CONSTRAINT readings_pkey PRIMARY KEY (id, at)
      ) partition by RANGE (at);

-- create_partition public.readings_2026
create table "public"."readings_2026" partition of "public"."readings" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

-- create_index public.readings_at
CREATE INDEX readings_at ON public.readings USING btree (at);

-- alter_sequence public.readings_id_seq
ALTER SEQUENCE public.readings_id_seq OWNED BY public.readings.id;
