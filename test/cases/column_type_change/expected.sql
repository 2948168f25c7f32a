-- alter_column_type public.t.amount
alter table "public"."t" alter column "amount" set data type numeric(12,4) using "amount"::numeric(12,4);

-- alter_column_type public.t.id
alter table "public"."t" alter column "id" set data type bigint using "id"::bigint;

-- alter_column_type public.t.n
alter table "public"."t" alter column "n" set data type bigint using "n"::bigint;

-- alter_column_type public.t.s
alter table "public"."t" alter column "s" set data type character varying(50) using "s"::character varying(50);

-- alter_column_type public.t.ts
alter table "public"."t" alter column "ts" set data type timestamp with time zone using "ts"::timestamp with time zone;
