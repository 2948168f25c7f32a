CREATE TABLE events (id bigint NOT NULL, kind text NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2025 (id bigint NOT NULL, kind text NOT NULL, at timestamptz NOT NULL);
ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- The parent's index gets a copy of its own on the attached table; the table's own index stays apart.
CREATE INDEX events_kind_idx ON events (kind, at);
CREATE INDEX events_2025_lookup ON events_2025 (kind, at);
