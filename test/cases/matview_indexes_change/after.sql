CREATE TABLE t (id int PRIMARY KEY, n int, m int);
CREATE MATERIALIZED VIEW mv AS SELECT n, m, count(*) AS c FROM t GROUP BY n, m;
CREATE UNIQUE INDEX mv_n_m ON mv (n, m);
CREATE INDEX mv_c ON mv (c) WHERE c > 1;
COMMENT ON MATERIALIZED VIEW mv IS 'counts';
