CREATE TABLE marker (id int PRIMARY KEY, note text);
CREATE TABLE keep (id serial PRIMARY KEY);
