-- create_schema app
create schema if not exists "app";

-- create_enum app.kind
create type "app"."kind" as enum ('a', 'b');

-- create_sequence app.s
create sequence "app"."s";

-- drop_table old_s.t (deletes data)
drop table "old_s"."t";

-- create_table app.items
create table "app"."items" (
    "id" integer not null,
    "k" app.kind,
    CONSTRAINT items_pkey PRIMARY KEY (id)
      );

-- create_function app.f
CREATE OR REPLACE FUNCTION app.f()
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT 1 $function$;

-- create_view app.v
create or replace view "app"."v" as  SELECT id
   FROM app.items;

-- drop_schema old_s (deletes data)
drop schema if exists "old_s";
