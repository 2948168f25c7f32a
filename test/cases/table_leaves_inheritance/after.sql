CREATE TABLE base (id int NOT NULL, name text DEFAULT 'x');
CREATE TABLE leaf (id int NOT NULL, name text DEFAULT 'y', extra text);
