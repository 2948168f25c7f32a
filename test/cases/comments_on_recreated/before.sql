CREATE TABLE t (id int, a int);
CREATE VIEW v AS SELECT id, a FROM t;
COMMENT ON VIEW v IS 'view comment';
COMMENT ON COLUMN v.a IS 'a col';
CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;
COMMENT ON FUNCTION f(int) IS 'function';
