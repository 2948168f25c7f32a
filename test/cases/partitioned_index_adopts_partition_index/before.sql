CREATE TABLE metrics (id int PRIMARY KEY, name text);
