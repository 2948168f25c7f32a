CREATE TABLE t (id int, n int);
ALTER TABLE t ADD CONSTRAINT t_n_check CHECK (n > 0) NOT VALID;
