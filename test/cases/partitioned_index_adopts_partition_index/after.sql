CREATE TABLE metrics (id int PRIMARY KEY, name text);
CREATE TABLE samples (metric_id int NOT NULL REFERENCES metrics (id), at timestamptz NOT NULL, value double precision) PARTITION BY RANGE (at);
CREATE TABLE samples_2026 PARTITION OF samples FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE samples_2027 PARTITION OF samples FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
-- A partition's own index, made before the parent's: the parent's index adopts it.
CREATE INDEX samples_2026_recent ON samples_2026 (metric_id, at);
CREATE INDEX samples_metric_at_idx ON samples (metric_id, at);
