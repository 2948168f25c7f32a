-- drop_constraint public."a.b"."a.b_c"
alter table "public"."a.b" drop constraint "a.b_c";

-- drop_constraint public."c.d"."c.d_a"
alter table "public"."c.d" drop constraint "c.d_a";

-- drop_constraint "s.x"."chi""ld"."fk.parent"
alter table "s.x"."chi""ld" drop constraint "fk.parent";

-- drop_constraint "s.x"."par.ent"."n.pos"
alter table "s.x"."par.ent" drop constraint "n.pos";

-- drop_view "s.x"."vi.ew"
drop view if exists "s.x"."vi.ew";

-- drop_index public."Tä.b_id"
drop index if exists "public"."Tä.b_id";

-- drop_index "s.x"."chi.ld_v"
drop index if exists "s.x"."chi.ld_v";

-- drop_index public."me.as_at"
drop index if exists "public"."me.as_at";

-- drop_table public."a.b" (deletes data)
drop table "public"."a.b";

-- drop_table public."c.d" (deletes data)
drop table "public"."c.d";

-- detach_partition public."me.as"
alter table "public"."me.as" detach partition "public"."me.as_2026";

-- set_not_null public."Tä.b".id
alter table "public"."Tä.b" alter column "id" set not null;

-- alter_column_type "s.x"."chi""ld"."v.al"
alter table "s.x"."chi""ld" alter column "v.al" set data type bigint using "v.al"::bigint;

-- create_index public."Tä.b_pkey"
CREATE UNIQUE INDEX "Tä.b_pkey" ON public."Tä.b" USING btree (id);

-- create_index public."me.as_at"
CREATE INDEX "me.as_at" ON public."me.as" USING btree (at, id);

-- add_constraint public."Tä.b"."Tä.b_pkey"
alter table "public"."Tä.b" add constraint "Tä.b_pkey" PRIMARY KEY using index "Tä.b_pkey";

-- add_constraint "s.x"."chi""ld"."fk.parent"
alter table "s.x"."chi""ld" add constraint "fk.parent" FOREIGN KEY (parent_id) REFERENCES "s.x"."par.ent"(id) ON DELETE CASCADE not valid;

-- validate_constraint "s.x"."chi""ld"."fk.parent"
alter table "s.x"."chi""ld" validate constraint "fk.parent";

-- add_constraint "s.x"."par.ent"."n.pos"
alter table "s.x"."par.ent" add constraint "n.pos" CHECK ((n >= 0)) not valid;

-- validate_constraint "s.x"."par.ent"."n.pos"
alter table "s.x"."par.ent" validate constraint "n.pos";

-- create_view "s.x"."vi.ew"
create or replace view "s.x"."vi.ew" as  SELECT id,
    "v.al"
   FROM "s.x"."chi""ld";

-- drop_index public."me.as_2026_at_idx"
DROP INDEX IF EXISTS public."me.as_2026_at_idx";
