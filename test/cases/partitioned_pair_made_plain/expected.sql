-- drop_constraint public.accounts_ext.accounts_ext_fk
ALTER TABLE public.accounts_ext DROP CONSTRAINT accounts_ext_fk;

-- drop_constraint public.accounts.accounts_ext
ALTER TABLE public.accounts DROP CONSTRAINT accounts_ext;

-- alter_sequence public.accounts_id_seq
ALTER SEQUENCE public.accounts_id_seq OWNED BY NONE;

-- drop_table public.accounts_eu (deletes data)
drop table "public"."accounts_eu";

-- drop_table public.accounts_ext_eu (deletes data)
drop table "public"."accounts_ext_eu";

-- drop_table public.accounts (deletes data)
drop table "public"."accounts";

-- create_table public.accounts
create table "public"."accounts" (
    "id" integer not null default nextval('accounts_id_seq'::regclass),
    "name" character varying(50),
    "region" text,
    CONSTRAINT accounts_name_region_key UNIQUE (name, region)
      );

-- drop_table public.accounts_ext (deletes data)
drop table "public"."accounts_ext";

-- create_table public.accounts_ext
create table "public"."accounts_ext" (
    "name" character varying(50),
    "region" text
      );

-- create_index public.accounts_ext_key
CREATE UNIQUE INDEX accounts_ext_key ON public.accounts_ext USING btree (name, region);

-- add_constraint public.accounts_ext.accounts_ext_fk
ALTER TABLE public.accounts_ext ADD CONSTRAINT accounts_ext_fk FOREIGN KEY (name, region) REFERENCES accounts(name, region);

-- add_constraint public.accounts.accounts_ext
ALTER TABLE public.accounts ADD CONSTRAINT accounts_ext FOREIGN KEY (name, region) REFERENCES accounts_ext(name, region);

-- alter_sequence public.accounts_id_seq
ALTER SEQUENCE public.accounts_id_seq OWNED BY public.accounts.id;
