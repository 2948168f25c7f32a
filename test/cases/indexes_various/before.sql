CREATE TABLE t (id int, a text, b int, c tsvector, d jsonb, e int4range, ts timestamptz);
CREATE INDEX t_a_idx ON t (a);
CREATE INDEX t_old ON t (b);
