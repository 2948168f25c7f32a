CREATE TABLE metrics (id bigint NOT NULL, at timestamptz NOT NULL, v numeric) PARTITION BY RANGE (at);
CREATE TABLE metrics_2026 PARTITION OF metrics FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX metrics_at ON metrics (at);
