-- A cast made assignment-level, one with a new function, one dropped, one added between a
-- composite type and text.
CREATE DOMAIN cents AS bigint;
CREATE TYPE price AS (amount numeric, currency text);
CREATE FUNCTION price_of_text(t text) RETURNS price LANGUAGE sql IMMUTABLE AS $$SELECT (split_part(t, ' ', 1)::numeric, split_part(t, ' ', 2))::price$$;
CREATE FUNCTION price_text(p price) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT p.amount || ' ' || p.currency$$;
CREATE CAST (text AS price) WITH FUNCTION price_of_text(text) AS ASSIGNMENT;
CREATE CAST (price AS text) WITH FUNCTION price_text(price);
CREATE TYPE mood AS ENUM ('sad', 'happy');
COMMENT ON CAST (text AS price) IS 'parses "3.50 EUR"';
