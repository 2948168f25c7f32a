CREATE SCHEMA archive;
CREATE TABLE events (id serial, kind text NOT NULL, note text DEFAULT 'none');
CREATE TABLE archive.events_old (id serial, kind text NOT NULL, note text DEFAULT 'old');
