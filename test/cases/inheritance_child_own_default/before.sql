CREATE TABLE parent (id int NOT NULL, v int DEFAULT 1, note text);
CREATE TABLE child (extra text) INHERITS (parent);
CREATE TABLE child2 (v int DEFAULT 7) INHERITS (parent);
