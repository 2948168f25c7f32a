CREATE TABLE t (id int, a bigint);
CREATE VIEW v AS SELECT id, a FROM t;
COMMENT ON VIEW v IS 'view comment';
COMMENT ON COLUMN v.a IS 'a col';
CREATE FUNCTION f(x int) RETURNS bigint LANGUAGE sql AS $$ SELECT x::bigint $$;
COMMENT ON FUNCTION f(int) IS 'function';
