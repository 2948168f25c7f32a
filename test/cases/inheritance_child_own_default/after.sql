CREATE TABLE parent (id int NOT NULL, v int DEFAULT 1, note text);
CREATE TABLE child (extra text, v int DEFAULT 42, note text DEFAULT 'n') INHERITS (parent);
CREATE TABLE child2 (v int DEFAULT 8) INHERITS (parent);
