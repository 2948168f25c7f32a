CREATE TABLE parent (id int NOT NULL, v int DEFAULT 1);
CREATE TABLE child (v int DEFAULT 42) INHERITS (parent);
