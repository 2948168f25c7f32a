CREATE FUNCTION unaccent_init(internal) RETURNS internal LANGUAGE c AS '$libdir/unaccent', 'unaccent_init';
CREATE FUNCTION unaccent_lexize(internal, internal, internal, internal) RETURNS internal LANGUAGE c AS '$libdir/unaccent', 'unaccent_lexize';
CREATE TEXT SEARCH TEMPLATE unaccent_t (INIT = unaccent_init, LEXIZE = unaccent_lexize);
CREATE TEXT SEARCH DICTIONARY unaccent (TEMPLATE = unaccent_t, RULES = 'unaccent');
COMMENT ON TEXT SEARCH DICTIONARY unaccent IS 'accents folded';
