-- drop_tsconfiguration public.old_cfg
DROP TEXT SEARCH CONFIGURATION public.old_cfg;

-- drop_tsdictionary public.simple_d
DROP TEXT SEARCH DICTIONARY public.simple_d;

-- create_tsdictionary public.simple_d
CREATE TEXT SEARCH DICTIONARY public.simple_d (TEMPLATE = pg_catalog.simple, stopwords = 'english');

-- create_tsconfiguration public.cfg
CREATE TEXT SEARCH CONFIGURATION public.cfg (PARSER = pg_catalog."default");

-- create_table public.docs
create table "public"."docs" (
    "id" integer not null,
    "body" text,
    "tsv" tsvector generated always as (to_tsvector('cfg'::regconfig, body)) stored,
    CONSTRAINT docs_pkey PRIMARY KEY (id)
      );

-- alter_tsconfiguration public.cfg
ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR asciihword, hword, hword_asciipart, hword_part, word WITH pg_catalog.english_stem;

-- alter_tsconfiguration public.cfg
ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR email, file, "float", host, hword_numpart, "int", numhword, numword, sfloat, uint, url, url_path, version WITH pg_catalog.simple;

-- alter_tsconfiguration public.cfg
ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR asciiword WITH public.simple_d, pg_catalog.english_stem;
