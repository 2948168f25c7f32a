CREATE TABLE t (id int, a text, b text);
CREATE INDEX t_a ON t (a);
CREATE UNIQUE INDEX t_b ON t (b);
ALTER TABLE t ADD CONSTRAINT t_id_key UNIQUE (id);
