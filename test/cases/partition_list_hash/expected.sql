-- create_table public.h
create table "public"."h" (
    "id" integer,
    "v" text
      ) partition by HASH (id);

-- create_partition public.h0
create table "public"."h0" partition of "public"."h" FOR VALUES WITH (modulus 2, remainder 0);

-- create_partition public.h1
create table "public"."h1" partition of "public"."h" FOR VALUES WITH (modulus 2, remainder 1);

-- create_partition public.l_us
create table "public"."l_us" partition of "public"."l" FOR VALUES IN ('us', 'ca');
