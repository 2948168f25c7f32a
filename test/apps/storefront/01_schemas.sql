-- Schemas, collations, extensions and the text search setup every other file uses.
CREATE SCHEMA core;
CREATE SCHEMA shop;
CREATE SCHEMA reporting;
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
CREATE COLLATION core.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION core.german (provider = icu, locale = 'de-DE');

-- unaccent's C functions, as a schema built before the extension existed declares them.
CREATE FUNCTION core.unaccent_init(internal) RETURNS internal LANGUAGE c AS '$libdir/unaccent', 'unaccent_init';
CREATE FUNCTION core.unaccent_lexize(internal, internal, internal, internal) RETURNS internal LANGUAGE c AS '$libdir/unaccent', 'unaccent_lexize';
CREATE TEXT SEARCH TEMPLATE core.unaccent (INIT = core.unaccent_init, LEXIZE = core.unaccent_lexize);
CREATE TEXT SEARCH DICTIONARY core.unaccent (TEMPLATE = core.unaccent, RULES = 'unaccent');
CREATE TEXT SEARCH CONFIGURATION core.search (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION core.search ALTER MAPPING FOR hword, hword_part, word WITH core.unaccent, english_stem;
COMMENT ON TEXT SEARCH CONFIGURATION core.search IS 'product search: accents folded, English stems';
