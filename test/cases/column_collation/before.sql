CREATE TABLE t (id int, name text, code text COLLATE "C");
