CREATE TABLE parent (id int, name text, added int);
CREATE TABLE child (extra int) INHERITS (parent);
CREATE TABLE loner (id int, name text, added int);
ALTER TABLE loner INHERIT parent;
