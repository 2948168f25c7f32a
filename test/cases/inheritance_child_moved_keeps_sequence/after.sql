CREATE SEQUENCE old_parent_id_seq;
CREATE TABLE old_parent (name text);
CREATE TABLE new_parent (id int, name text);
CREATE TABLE child (id int DEFAULT nextval('old_parent_id_seq'), extra text) INHERITS (new_parent);
