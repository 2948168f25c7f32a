-- create_schema core
create schema if not exists "core";

-- drop_view app.v
drop view if exists "app"."v";

-- drop_function app.f()
drop function if exists "app"."f"();

-- drop_table app.a (deletes data)
drop table "app"."a";

-- create_table core.a
create table "core"."a" (
    "id" integer not null,
    CONSTRAINT a_pkey PRIMARY KEY (id)
      );

-- create_function core.f
CREATE OR REPLACE FUNCTION core.f()
 RETURNS integer
 LANGUAGE sql
AS $function$SELECT 2$function$;

-- create_view core.v
create or replace view "core"."v" as  SELECT core.f() AS x;

-- drop_schema app (deletes data)
drop schema if exists "app";
