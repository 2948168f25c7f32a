CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."User" ("Id" int PRIMARY KEY, "select" text, "order" int);
CREATE TABLE "group" ("user" int, "from" text);
