-- drop_table public.m (deletes data)
drop table "public"."m";

-- create_table public.m
create table "public"."m" (
    "id" integer,
    "ts" date not null
      ) partition by RANGE (ts);

-- create_partition public.m_all
create table "public"."m_all" partition of "public"."m" DEFAULT;
