CREATE TABLE t (id int, a text, b text);
CREATE UNIQUE INDEX t_a ON t (a);
CREATE INDEX t_b ON t (b) INCLUDE (a);
ALTER TABLE t ADD CONSTRAINT t_id_key UNIQUE (id) DEFERRABLE;
CREATE INDEX t_lower_a ON t (lower(a) varchar_pattern_ops);
