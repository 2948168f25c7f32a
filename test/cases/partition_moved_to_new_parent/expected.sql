-- create_table public.event archive
create table "public"."event archive" (
    "id" integer,
    "version" integer not null default 0,
    "kind" text not null default ''::text
      ) partition by LIST (kind);

-- detach_partition public.event log
alter table "public"."event log" detach partition "public"."event log 2024";

-- drop_table public.event log (deletes data)
drop table "public"."event log";

-- attach_partition public.event archive
alter table "public"."event archive" attach partition "public"."event log 2024" FOR VALUES IN ('a');

-- create_trigger public.event archive.bump
CREATE TRIGGER bump BEFORE UPDATE ON public."event archive" FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION "bump version"();
