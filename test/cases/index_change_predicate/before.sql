CREATE TABLE t (id int, a int, b int);
CREATE UNIQUE INDEX t_x ON t (a) WHERE b IS NULL;
