CREATE TABLE t (id int, price numeric, qty int);
