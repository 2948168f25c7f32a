-- add_column public.t.m
alter table "public"."t" add column "m" money;

-- add_column public.t.ts
alter table "public"."t" add column "ts" tsvector;

-- alter_column_type public.t.bits
alter table "public"."t" alter column "bits" set data type bit varying(8) using "bits"::bit varying(8);

-- alter_column_type public.t.data
alter table "public"."t" alter column "data" set data type jsonb using "data"::jsonb;

-- alter_column_type public.t.ip
alter table "public"."t" alter column "ip" set data type cidr using "ip"::cidr;

-- alter_column_type public.t.tags
alter table "public"."t" alter column "tags" set data type character varying(20)[] using "tags"::character varying(20)[];
