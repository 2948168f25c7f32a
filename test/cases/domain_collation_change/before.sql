CREATE DOMAIN email AS text;
CREATE TABLE t (id int, e email);
