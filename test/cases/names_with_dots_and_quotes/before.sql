-- Names that a dotted string misreads: a dot, a quote, upper case and non-ASCII letters.
CREATE SCHEMA "s.x";
CREATE TABLE "s.x"."par.ent" (id int PRIMARY KEY, "Code" text UNIQUE, n int CONSTRAINT "n.pos" CHECK (n > 0));
CREATE TABLE "s.x"."chi""ld" (id int PRIMARY KEY, parent_id int CONSTRAINT "fk.parent" REFERENCES "s.x"."par.ent" (id), "v.al" int);
CREATE INDEX "chi.ld_v" ON "s.x"."chi""ld" ("v.al");
CREATE VIEW "s.x"."vi.ew" AS SELECT id, "v.al" FROM "s.x"."chi""ld";
CREATE TABLE public."Tä.b" (id int, k text);
CREATE UNIQUE INDEX "Tä.b_id" ON public."Tä.b" (id);
CREATE TABLE public."a.b" (id int PRIMARY KEY, other int);
CREATE TABLE public."c.d" (id int PRIMARY KEY, a_id int CONSTRAINT "c.d_a" REFERENCES public."a.b" (id));
ALTER TABLE public."a.b" ADD CONSTRAINT "a.b_c" FOREIGN KEY (other) REFERENCES public."c.d" (id);
CREATE TABLE public."me.as" (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE public."me.as_2026" PARTITION OF public."me.as" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX "me.as_at" ON public."me.as" (at);
