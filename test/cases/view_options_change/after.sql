CREATE TABLE t (id int, secret text, visible bool);
CREATE VIEW v WITH (security_barrier) AS SELECT id FROM t WHERE visible WITH CASCADED CHECK OPTION;
CREATE VIEW w WITH (security_invoker = true) AS SELECT id, secret FROM t;
CREATE VIEW u AS SELECT id FROM t;
