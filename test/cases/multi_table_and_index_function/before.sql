CREATE TABLE items (id int PRIMARY KEY, code text NOT NULL);
