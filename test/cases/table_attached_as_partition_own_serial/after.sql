CREATE SCHEMA archive;
CREATE TABLE events (id serial, kind text NOT NULL, note text DEFAULT 'none') PARTITION BY LIST (kind);
CREATE TABLE archive.events_old PARTITION OF events FOR VALUES IN ('old');
