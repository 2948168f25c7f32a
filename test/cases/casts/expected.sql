-- drop_cast 
DROP CAST (public.mood AS pg_catalog.text);

-- drop_cast 
DROP CAST (pg_catalog.text AS public.price);

-- create_function public.price_text
CREATE OR REPLACE FUNCTION public.price_text(p price)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$SELECT p.amount || ' ' || p.currency$function$;

-- create_cast text AS public.price
CREATE CAST (pg_catalog.text AS public.price) WITH FUNCTION public.price_of_text(t text) AS ASSIGNMENT;

-- create_cast public.price AS text
CREATE CAST (public.price AS pg_catalog.text) WITH FUNCTION public.price_text(p price);

-- comment 
COMMENT ON CAST (pg_catalog.text AS public.price) IS 'parses "3.50 EUR"';
