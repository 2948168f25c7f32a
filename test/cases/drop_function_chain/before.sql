CREATE FUNCTION base_rate() RETURNS numeric LANGUAGE sql IMMUTABLE RETURN 0.2;
CREATE FUNCTION taxed(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT p * (1 + base_rate()); END;
CREATE FUNCTION price_label(p numeric) RETURNS text LANGUAGE sql IMMUTABLE RETURN taxed(p)::text || ' EUR';
CREATE TABLE items (id int PRIMARY KEY, price numeric);
CREATE VIEW labels AS SELECT id, price_label(price) AS label FROM items;
