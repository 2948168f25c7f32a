CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION german (provider = libc, locale = 'C');
CREATE TABLE t (id int, name text COLLATE ci, other text COLLATE german);
