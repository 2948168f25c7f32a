-- drop_constraint public.t.t_pkey
alter table "public"."t" drop constraint "t_pkey";

-- drop_index public.t_pkey
drop index if exists "public"."t_pkey";

-- create_index public.u_pkey
CREATE UNIQUE INDEX u_pkey ON public.u USING btree (id);

-- create_index public.t_pkey
CREATE UNIQUE INDEX t_pkey ON public.t USING btree (a, b);

-- add_constraint public.u.u_pkey
alter table "public"."u" add constraint "u_pkey" PRIMARY KEY using index "u_pkey";

-- add_constraint public.t.t_pkey
alter table "public"."t" add constraint "t_pkey" PRIMARY KEY using index "t_pkey";
