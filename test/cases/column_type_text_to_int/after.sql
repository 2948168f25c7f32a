CREATE TABLE t (id int, code int);
