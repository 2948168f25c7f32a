CREATE TABLE tickets (id int PRIMARY KEY, title text);
