CREATE DOMAIN cents AS bigint;
CREATE TYPE price AS (amount numeric, currency text);
CREATE FUNCTION price_of_text(t text) RETURNS price LANGUAGE sql IMMUTABLE AS $$SELECT (split_part(t, ' ', 1)::numeric, split_part(t, ' ', 2))::price$$;
CREATE CAST (text AS price) WITH FUNCTION price_of_text(text);
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE CAST (mood AS text) WITH INOUT AS IMPLICIT;
