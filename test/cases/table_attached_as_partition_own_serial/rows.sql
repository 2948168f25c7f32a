INSERT INTO archive.events_old (kind) VALUES ('old'), ('old');
