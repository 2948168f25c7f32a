CREATE TABLE t (id int, a text, b int);
CREATE VIEW v AS SELECT a, b FROM t;
