CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE SQL IMMUTABLE RETURN a + b;
CREATE FUNCTION total(a integer, b integer) RETURNS integer LANGUAGE SQL IMMUTABLE RETURN add(a, b);
CREATE VIEW totals AS SELECT total(1, 2) AS t;
