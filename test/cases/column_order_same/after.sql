CREATE TABLE t (id int PRIMARY KEY, a text, b text, c int);
CREATE VIEW v AS SELECT id, a, b FROM t;
CREATE VIEW v2 AS SELECT * FROM v;
