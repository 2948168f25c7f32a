CREATE TABLE orders (id int NOT NULL, region text NOT NULL, note text) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders (PRIMARY KEY (region, id)) FOR VALUES IN ('us');
ALTER TABLE ONLY orders ADD CONSTRAINT orders_pkey PRIMARY KEY (region, id);
CREATE UNIQUE INDEX orders_eu_key ON orders_eu (region, id);
CREATE INDEX orders_note ON ONLY orders (note);
CREATE INDEX orders_eu_note ON orders_eu (note);
