-- create_function public.unaccent_init
CREATE OR REPLACE FUNCTION public.unaccent_init(internal)
 RETURNS internal
 LANGUAGE c
AS '$libdir/unaccent', $function$unaccent_init$function$;

-- create_function public.unaccent_lexize
CREATE OR REPLACE FUNCTION public.unaccent_lexize(internal, internal, internal, internal)
 RETURNS internal
 LANGUAGE c
AS '$libdir/unaccent', $function$unaccent_lexize$function$;

-- create_tstemplate public.unaccent_t
CREATE TEXT SEARCH TEMPLATE public.unaccent_t (INIT = public.unaccent_init, LEXIZE = public.unaccent_lexize);

-- create_tsdictionary public.unaccent
CREATE TEXT SEARCH DICTIONARY public.unaccent (TEMPLATE = public.unaccent_t, rules = 'unaccent');

-- comment public.unaccent
COMMENT ON TEXT SEARCH DICTIONARY public.unaccent IS 'accents folded';
