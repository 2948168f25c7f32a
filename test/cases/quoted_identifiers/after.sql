CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."User" ("Id" bigint PRIMARY KEY, "select" text NOT NULL DEFAULT 'x', "order" int, "Weird ""Col""" text);
CREATE INDEX "Idx Order" ON "My Schema"."User" ("order");
CREATE TABLE "group" ("user" int, "from" text, "table" int CHECK ("table" > 0));
CREATE VIEW "My Schema"."View" AS SELECT "Id", "select" FROM "My Schema"."User";
CREATE TYPE "My Schema"."Status" AS ENUM ('On', 'Off');
CREATE FUNCTION "My Schema"."Fn"("Arg" int) RETURNS int LANGUAGE sql AS $$ SELECT "Arg" $$;
CREATE SEQUENCE "My Schema"."Seq";
