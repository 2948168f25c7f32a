CREATE TABLE t (id int NOT NULL, code text NOT NULL);
CREATE UNIQUE INDEX t_code ON t (code);
CREATE TABLE c (id int, t_id int);
