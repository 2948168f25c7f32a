CREATE TABLE t (id int, a text);
CREATE VIEW v AS SELECT id, a FROM t;
