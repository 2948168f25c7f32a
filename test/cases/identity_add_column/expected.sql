-- add_column public.t.id
alter table "public"."t" add column "id" bigint generated always as identity not null;

-- create_index public.t_pkey
CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id);

-- add_constraint public.t.t_pkey
alter table "public"."t" add constraint "t_pkey" PRIMARY KEY using index "t_pkey";
