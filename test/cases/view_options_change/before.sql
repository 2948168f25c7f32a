CREATE TABLE t (id int, secret text, visible bool);
CREATE VIEW v AS SELECT id FROM t WHERE visible;
CREATE VIEW w AS SELECT id, secret FROM t;
CREATE VIEW u WITH (security_invoker = true) AS SELECT id FROM t;
