-- drop_default public.metrics.kind
alter table "public"."metrics" alter column "kind" drop default;

-- alter_column_type public.metrics.kind
alter table "public"."metrics" alter column "kind" set data type character varying(10) using "kind"::character varying(10);

-- set_default public.metrics.kind
alter table "public"."metrics" alter column "kind" set default 'b'::character varying;

-- alter_column_type public.metrics.level
alter table "public"."metrics" alter column "level" set data type character varying(20) using "level"::character varying(20);

-- set_default public.metrics.level
alter table "public"."metrics" alter column "level" set default 'unknown'::character varying;

-- alter_column_type public.metrics.recorded
alter table "public"."metrics" alter column "recorded" set data type timestamp with time zone using to_timestamp("recorded")::timestamp with time zone;

-- set_default public.metrics.recorded
alter table "public"."metrics" alter column "recorded" set default now();
