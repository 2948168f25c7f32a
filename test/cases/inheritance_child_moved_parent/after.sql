CREATE TABLE machines (id int NOT NULL, name text);
CREATE TABLE cars (doors int) INHERITS (machines);
