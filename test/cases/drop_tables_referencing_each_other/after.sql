CREATE TABLE shelves (id int PRIMARY KEY);
