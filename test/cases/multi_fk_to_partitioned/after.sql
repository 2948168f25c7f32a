CREATE TABLE events (id int NOT NULL, day date NOT NULL, PRIMARY KEY (id, day));
CREATE TABLE ledger (id int NOT NULL, day date NOT NULL, PRIMARY KEY (id, day)) PARTITION BY RANGE (day);
CREATE TABLE ledger_2026 PARTITION OF ledger FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE notes (id int PRIMARY KEY, event_id int, event_day date, FOREIGN KEY (event_id, event_day) REFERENCES ledger (id, day));
