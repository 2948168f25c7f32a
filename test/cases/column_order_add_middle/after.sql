CREATE TABLE t (id int PRIMARY KEY, m text DEFAULT 'm', z text);
CREATE VIEW v AS SELECT id, z FROM t;
