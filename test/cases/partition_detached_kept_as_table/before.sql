CREATE TABLE customers (id int PRIMARY KEY, name text);
CREATE TABLE invoices (id int NOT NULL, region text NOT NULL, number text, customer_id int REFERENCES customers (id), UNIQUE (region, number)) PARTITION BY LIST (region);
CREATE INDEX invoices_customer_idx ON invoices (customer_id);
CREATE TABLE invoices_eu PARTITION OF invoices FOR VALUES IN ('eu');
CREATE TABLE invoices_us PARTITION OF invoices FOR VALUES IN ('us');
