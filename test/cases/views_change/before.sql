CREATE TABLE t (id int, a text, b int);
CREATE VIEW v1 AS SELECT id, a FROM t;
CREATE VIEW v_old AS SELECT 1 AS one;
CREATE VIEW v3 AS SELECT id, a, b FROM t;
