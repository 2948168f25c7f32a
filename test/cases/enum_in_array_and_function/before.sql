CREATE SCHEMA s;
CREATE TYPE s.color AS ENUM ('red', 'green');
CREATE TABLE t (id int, colors s.color[] DEFAULT '{red}', c s.color);
CREATE FUNCTION is_red(c s.color) RETURNS boolean LANGUAGE sql AS $$ SELECT c = 'red' $$;
CREATE VIEW v AS SELECT id, is_red(c) AS red FROM t;
