CREATE TABLE orders (id serial, region text NOT NULL, ref text NOT NULL, placed_at date NOT NULL DEFAULT current_date, total numeric CHECK (total >= 0)) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
-- New partitions with keys and indexes of their own that the parent's indexes adopt.
CREATE TABLE orders_us PARTITION OF orders (PRIMARY KEY (region, ref, placed_at)) FOR VALUES IN ('us');
CREATE TABLE orders_asia PARTITION OF orders FOR VALUES IN ('asia') PARTITION BY RANGE (placed_at);
CREATE TABLE orders_asia_2026 PARTITION OF orders_asia FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX orders_asia_by_day ON orders_asia (placed_at);
CREATE UNIQUE INDEX orders_ref_idx ON orders (region, ref, placed_at);
CREATE INDEX orders_placed_idx ON orders (placed_at);
