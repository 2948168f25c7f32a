-- alter_domain public.posint
ALTER DOMAIN public.posint DROP CONSTRAINT posint_check;

-- alter_domain public.posint
ALTER DOMAIN public.posint ADD CONSTRAINT posint_check CHECK ((VALUE >= 0));

-- alter_domain public.email
ALTER DOMAIN public.email SET DEFAULT 'x@y'::text;

-- alter_domain public.email
ALTER DOMAIN public.email SET NOT NULL;

-- alter_domain public.email
ALTER DOMAIN public.email ADD CONSTRAINT email_at CHECK ((VALUE ~~ '%@%'::text));

-- create_domain public.shortstr
CREATE DOMAIN public.shortstr AS character varying(10) COLLATE pg_catalog."C";

-- alter_domain public.shortstr
ALTER DOMAIN public.shortstr ADD CONSTRAINT a CHECK ((length((VALUE)::text) > 1));

-- alter_domain public.shortstr
ALTER DOMAIN public.shortstr ADD CONSTRAINT b CHECK (((VALUE)::text <> 'no'::text));

-- add_column public.t.s
alter table "public"."t" add column "s" shortstr;

-- drop_domain public.gone (deletes data)
DROP DOMAIN public.gone;
