CREATE TABLE old_parent (id serial, name text);
CREATE TABLE new_parent (id int, name text);
CREATE TABLE child (extra text) INHERITS (old_parent);
