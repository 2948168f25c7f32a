CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE DOMAIN email AS text;
CREATE DOMAIN gone AS int;
CREATE TABLE t (id posint, e email);
