CREATE TABLE orders (id int NOT NULL, region text NOT NULL, code text) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');
CREATE TABLE shipments (id int, region text, code text);
