CREATE TABLE p (a int, b int, c int, PRIMARY KEY (a, b), UNIQUE (a, c));
CREATE TABLE ch (a int, b int, c int, CONSTRAINT ch_fk FOREIGN KEY (a, c) REFERENCES p (a, c) ON DELETE SET NULL (c));
