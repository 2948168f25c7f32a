CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE SQL IMMUTABLE RETURN a + b;
CREATE FUNCTION "plus one"(i integer) RETURNS integer LANGUAGE SQL IMMUTABLE RETURN i + 1;
CREATE FUNCTION total(a integer, b integer) RETURNS integer LANGUAGE SQL IMMUTABLE RETURN add(a, b) + "plus one"(a);
CREATE VIEW totals AS SELECT total(1, 2) AS t;
