CREATE TABLE t (id int, n int);
CREATE FUNCTION dbl(x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT x + x $$;
CREATE VIEW v AS SELECT id, dbl(n) AS d FROM t;
CREATE FUNCTION tbl_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM v $$;
