CREATE TABLE x (id int);
CREATE SEQUENCE t_id_seq AS integer START 1000;
CREATE TABLE t (id int DEFAULT nextval('t_id_seq') NOT NULL);
ALTER SEQUENCE t_id_seq OWNED BY t.id;
CREATE TABLE u (id bigserial PRIMARY KEY);
