INSERT INTO "event log 2024" (id, kind) VALUES (1, 'a'), (2, 'a');
