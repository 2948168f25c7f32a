-- add_column a.t.x
alter table "a"."t" add column "x" text;

-- set_not_null b.t.id
alter table "b"."t" alter column "id" set not null;

-- alter_column_type b.t.id
alter table "b"."t" alter column "id" set data type bigint using "id"::bigint;

-- create_index a.t_id_idx
CREATE INDEX t_id_idx ON a.t USING btree (id);

-- create_index b.t_pkey
CREATE UNIQUE INDEX t_pkey ON b.t USING btree (id);

-- create_index public.t_id_idx
CREATE INDEX t_id_idx ON public.t USING btree (id);

-- add_constraint b.t.t_pkey
alter table "b"."t" add constraint "t_pkey" PRIMARY KEY using index "t_pkey";

-- create_view b.v
create or replace view "b"."v" as  SELECT a.id
   FROM (a.t a
     JOIN b.t b USING (id));
