CREATE TABLE t (id int NOT NULL, code text NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (id));
CREATE UNIQUE INDEX t_code ON t (code);
CREATE TABLE c (id int, t_id int CONSTRAINT c_t_fk REFERENCES t (id), PRIMARY KEY (id, t_id));
