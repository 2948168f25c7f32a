CREATE COLLATION old_c (provider = icu, locale = 'de-DE');
CREATE TABLE t (id int, name text);
