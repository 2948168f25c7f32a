CREATE SEQUENCE s;
CREATE TABLE t (id int, a text DEFAULT 'y', b int DEFAULT 42, c timestamptz DEFAULT clock_timestamp());
