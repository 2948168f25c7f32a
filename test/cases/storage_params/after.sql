CREATE TABLE t (id int) WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.01);
CREATE TABLE u (id int) WITH (fillfactor = 70);
CREATE INDEX u_id ON u (id) WITH (fillfactor = 60);
