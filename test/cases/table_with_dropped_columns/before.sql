CREATE TABLE t (id int, gone1 text, a text, gone2 int, b int);
ALTER TABLE t DROP COLUMN gone1;
ALTER TABLE t DROP COLUMN gone2;
CREATE VIEW v AS SELECT a, b FROM t;
