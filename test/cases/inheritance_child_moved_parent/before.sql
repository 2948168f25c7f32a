CREATE TABLE vehicles (id int NOT NULL, name text);
CREATE TABLE cars (doors int) INHERITS (vehicles);
