CREATE TABLE t (id int) WITH (fillfactor = 80);
CREATE TABLE u (id int);
CREATE INDEX u_id ON u (id) WITH (fillfactor = 50);
