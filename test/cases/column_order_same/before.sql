CREATE TABLE t (id int PRIMARY KEY, b text, a text, c int);
CREATE VIEW v AS SELECT id, a, b FROM t;
CREATE VIEW v2 AS SELECT * FROM v;
