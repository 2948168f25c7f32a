CREATE TABLE metrics (id bigint NOT NULL, at timestamptz NOT NULL, v numeric);
CREATE INDEX metrics_at ON metrics (at);
