-- create_enum My Schema.Status
create type "My Schema"."Status" as enum ('On', 'Off');

-- create_sequence My Schema.Seq
create sequence "My Schema"."Seq";

-- add_column My Schema.User."Weird ""Col"""
alter table "My Schema"."User" add column "Weird ""Col""" text;

-- alter_column_type My Schema.User.Id
alter table "My Schema"."User" alter column "Id" set data type bigint using "Id"::bigint;

-- set_default My Schema.User.select
alter table "My Schema"."User" alter column "select" set default 'x'::text;

-- set_not_null My Schema.User.select
alter table "My Schema"."User" alter column "select" set not null;

-- add_column public.group.table
alter table "public"."group" add column "table" integer;

-- create_index My Schema.Idx Order
CREATE INDEX "Idx Order" ON "My Schema"."User" USING btree ("order");

-- add_constraint public.group.group_table_check
alter table "public"."group" add constraint "group_table_check" CHECK (("table" > 0)) not valid;

-- validate_constraint public.group.group_table_check
alter table "public"."group" validate constraint "group_table_check";

-- create_function My Schema.Fn
CREATE OR REPLACE FUNCTION "My Schema"."Fn"("Arg" integer)
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT "Arg" $function$;

-- create_view My Schema.View
create or replace view "My Schema"."View" as  SELECT "Id",
    "select"
   FROM "My Schema"."User";
