-- The same names, each changed the way a fixer handles: a check and a foreign key replaced, a
-- column's type changed under a view, an index dropped, a primary key over an existing unique
-- index, a foreign-key cycle dropped, a partition detached, a partitioned index changed.
CREATE SCHEMA "s.x";
CREATE TABLE "s.x"."par.ent" (id int PRIMARY KEY, "Code" text UNIQUE, n int CONSTRAINT "n.pos" CHECK (n >= 0));
CREATE TABLE "s.x"."chi""ld" (id int PRIMARY KEY, parent_id int CONSTRAINT "fk.parent" REFERENCES "s.x"."par.ent" (id) ON DELETE CASCADE, "v.al" bigint);
CREATE VIEW "s.x"."vi.ew" AS SELECT id, "v.al" FROM "s.x"."chi""ld";
CREATE TABLE public."Tä.b" (id int NOT NULL, k text);
CREATE UNIQUE INDEX "Tä.b_id" ON public."Tä.b" (id);
ALTER TABLE public."Tä.b" ADD CONSTRAINT "Tä.b_pkey" PRIMARY KEY USING INDEX "Tä.b_id";
CREATE TABLE public."me.as" (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE public."me.as_2026" (id int, at date);
CREATE INDEX "me.as_at" ON public."me.as" (at, id);
