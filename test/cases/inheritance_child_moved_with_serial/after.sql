CREATE TABLE new_parent (id int, name text);
CREATE SEQUENCE child_id_seq;
CREATE TABLE child (id int DEFAULT nextval('child_id_seq'), extra text) INHERITS (new_parent);
ALTER SEQUENCE child_id_seq OWNED BY child.id;
