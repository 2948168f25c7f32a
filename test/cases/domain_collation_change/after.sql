CREATE DOMAIN email AS text COLLATE "C";
CREATE TABLE t (id int, e email);
