CREATE TABLE events (id bigint NOT NULL, kind text NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2025 (id bigint NOT NULL, kind text NOT NULL, at timestamptz NOT NULL);
CREATE INDEX events_kind_idx ON events (kind, at);
CREATE INDEX events_2025_lookup ON events_2025 (kind, at);
CREATE INDEX events_2025_old ON events_2025 (kind, at);
