CREATE TABLE t (id int, a text, gone text);
CREATE VIEW v AS SELECT id, a, gone FROM t;
