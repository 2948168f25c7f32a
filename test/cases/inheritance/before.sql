CREATE TABLE parent (id int, name text);
CREATE TABLE child (extra int) INHERITS (parent);
CREATE TABLE loner (id int, name text);
