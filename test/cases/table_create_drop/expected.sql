-- drop_table public.old_t (deletes data)
drop table "public"."old_t";

-- create_table public.new_t
create table "public"."new_t" (
    "id" bigint not null,
    "name" text not null,
    "tags" text[] default '{}'::text[],
    "payload" jsonb,
    CONSTRAINT new_t_pkey PRIMARY KEY (id)
      );
