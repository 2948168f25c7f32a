CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE t (id int, n int);
