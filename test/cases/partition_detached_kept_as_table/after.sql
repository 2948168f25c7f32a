CREATE TABLE customers (id int PRIMARY KEY, name text);
CREATE TABLE invoices (id int NOT NULL, region text NOT NULL, number text, customer_id int REFERENCES customers (id), UNIQUE (region, number));
CREATE INDEX invoices_customer_idx ON invoices (customer_id);
-- The old partitions stay as tables of their own: one keeps its key and foreign key, the other only its columns.
CREATE TABLE invoices_eu (id int NOT NULL, region text NOT NULL, number text, customer_id int, UNIQUE (region, number));
ALTER TABLE invoices_eu ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
CREATE TABLE invoices_us (id int NOT NULL, region text NOT NULL, number text, customer_id int);
