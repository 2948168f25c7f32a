CREATE TABLE t (id int, name text COLLATE "C", code text);
