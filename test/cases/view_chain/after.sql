CREATE TABLE t (id int, a text, b int);
CREATE VIEW v1 AS SELECT id, b FROM t;
CREATE VIEW v2 AS SELECT id, b AS a FROM v1;
CREATE VIEW v3 AS SELECT count(*) AS n FROM v2;
