CREATE DOMAIN code AS varchar(10) CONSTRAINT code_not_empty CHECK (VALUE <> '');
CREATE TABLE p (id int NOT NULL, c code, cs code[]) PARTITION BY RANGE (id);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
CREATE TABLE plain (c code DEFAULT 'x');
