CREATE TABLE people (name text);
CREATE VIEW names AS SELECT name, 1 AS k FROM people UNION SELECT NULL, 2;
