CREATE TABLE parent (id int NOT NULL, v int DEFAULT 1);
