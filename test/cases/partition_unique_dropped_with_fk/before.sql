CREATE TABLE orders (id int NOT NULL, region text NOT NULL, code text, UNIQUE (region, code)) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');
CREATE TABLE shipments (id int, region text, code text, CONSTRAINT shipments_order_fk FOREIGN KEY (region, code) REFERENCES orders (region, code));
