CREATE TABLE t (id int, n int, CONSTRAINT t_n_check CHECK (n > 0));
