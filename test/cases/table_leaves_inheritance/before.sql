CREATE TABLE base (id int NOT NULL, name text DEFAULT 'x');
CREATE TABLE leaf (extra text) INHERITS (base);
