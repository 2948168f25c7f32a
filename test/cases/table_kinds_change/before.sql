CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v jsonb);
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz NOT NULL, payload jsonb) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE logs (id int, msg text) WITH (fillfactor = 90, autovacuum_enabled = false);
