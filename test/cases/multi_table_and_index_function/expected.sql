-- create_function public.norm_code
CREATE OR REPLACE FUNCTION public.norm_code(c text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT lower(trim(c)) $function$;

-- create_table public.tags
create table "public"."tags" (
    "id" integer not null,
    "label" text not null default norm_code('X'::text),
    CONSTRAINT tags_pkey PRIMARY KEY (id)
      );

-- create_index public.items_code
CREATE UNIQUE INDEX items_code ON public.items USING btree (norm_code(code));

-- create_index public.tags_label
CREATE INDEX tags_label ON public.tags USING btree (norm_code(label));

-- create_function public.positive
CREATE OR REPLACE FUNCTION public.positive(i integer)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT i > 0 $function$;

-- add_constraint public.items.items_id_check
alter table "public"."items" add constraint "items_id_check" CHECK (positive(id)) not valid;

-- validate_constraint public.items.items_id_check
alter table "public"."items" validate constraint "items_id_check";
