CREATE SEQUENCE s;
CREATE TABLE t (id int DEFAULT nextval('s'), a text DEFAULT 'x', b int, c timestamptz DEFAULT now());
