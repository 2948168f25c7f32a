CREATE TABLE t (id int, amount bigint);
CREATE VIEW v AS SELECT id, amount FROM t;
CREATE VIEW vv AS SELECT sum(amount) AS s FROM v;
CREATE MATERIALIZED VIEW mv AS SELECT id, amount FROM t;
