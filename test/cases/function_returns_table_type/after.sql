CREATE TABLE t (id int, a text, b int);
CREATE FUNCTION all_t() RETURNS SETOF t LANGUAGE sql AS $$ SELECT * FROM t WHERE id > 0 $$;
