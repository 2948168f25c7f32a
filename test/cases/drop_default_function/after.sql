CREATE TABLE tokens (id int PRIMARY KEY, code text);
