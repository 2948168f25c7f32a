CREATE SCHEMA old_s;
CREATE TABLE old_s.t (id int);
CREATE SCHEMA keep;
