CREATE TABLE t (id int PRIMARY KEY, a text, c timestamptz DEFAULT now() NOT NULL, d numeric(10,2));
