CREATE TABLE metrics (id int PRIMARY KEY, level int, recorded bigint, kind text DEFAULT 'a');
