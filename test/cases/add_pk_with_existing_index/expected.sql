-- set_not_null public.c.id
alter table "public"."c" alter column "id" set not null;

-- set_not_null public.c.t_id
alter table "public"."c" alter column "t_id" set not null;

-- create_index public.c_pkey
CREATE UNIQUE INDEX c_pkey ON public.c USING btree (id, t_id);

-- create_index public.t_pkey
CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id);

-- add_constraint public.c.c_pkey
alter table "public"."c" add constraint "c_pkey" PRIMARY KEY using index "c_pkey";

-- add_constraint public.t.t_pkey
alter table "public"."t" add constraint "t_pkey" PRIMARY KEY using index "t_pkey";

-- add_constraint public.c.c_t_fk
alter table "public"."c" add constraint "c_t_fk" FOREIGN KEY (t_id) REFERENCES t(id) not valid;

-- validate_constraint public.c.c_t_fk
alter table "public"."c" validate constraint "c_t_fk";
