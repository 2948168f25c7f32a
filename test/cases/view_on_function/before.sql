CREATE TABLE t (id int, n int);
CREATE FUNCTION dbl(x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT x * 2 $$;
CREATE VIEW v AS SELECT id, dbl(n) AS d FROM t;
