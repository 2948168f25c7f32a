CREATE TABLE t (id int, CONSTRAINT t_id_key UNIQUE (id));
CREATE TABLE r (id int CONSTRAINT r_id_key UNIQUE);
CREATE TABLE s (rid int CONSTRAINT s_rid_fkey REFERENCES r (id));
