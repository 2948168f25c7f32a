CREATE TABLE orders (id serial, region text NOT NULL, ref text NOT NULL, placed_at date NOT NULL DEFAULT current_date, total numeric CHECK (total >= 0)) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE UNIQUE INDEX orders_ref_idx ON orders (region, ref, placed_at);
CREATE INDEX orders_placed_idx ON orders (placed_at);
