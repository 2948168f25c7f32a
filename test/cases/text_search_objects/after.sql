CREATE TEXT SEARCH DICTIONARY simple_d (TEMPLATE = pg_catalog.simple, STOPWORDS = english);
CREATE TEXT SEARCH CONFIGURATION cfg (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION cfg ALTER MAPPING FOR asciiword WITH simple_d, english_stem;
CREATE TABLE docs (id int PRIMARY KEY, body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('cfg'::regconfig, body)) STORED);
