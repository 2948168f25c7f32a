CREATE TABLE t (id int PRIMARY KEY, n int, s varchar(10), amount numeric(8,2), ts timestamp);
