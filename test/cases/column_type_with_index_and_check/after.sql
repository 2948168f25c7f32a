CREATE TABLE t (id int, code text, n bigint CHECK (n > 0));
CREATE INDEX t_code ON t (code);
CREATE UNIQUE INDEX t_n ON t (n) WHERE n > 10;
