CREATE TABLE events (id int NOT NULL, day date NOT NULL, PRIMARY KEY (id));
CREATE TABLE notes (id int PRIMARY KEY, event_id int, event_day date, FOREIGN KEY (event_id) REFERENCES events (id));
