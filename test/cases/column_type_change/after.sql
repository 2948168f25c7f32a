CREATE TABLE t (id bigint PRIMARY KEY, n bigint, s varchar(50), amount numeric(12,4), ts timestamptz);
