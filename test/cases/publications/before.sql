CREATE SCHEMA audit;
CREATE TABLE orders (id int PRIMARY KEY, status text, total numeric, note text);
CREATE TABLE customers (id int PRIMARY KEY, email text);
CREATE TABLE audit.events (id int PRIMARY KEY, at timestamptz);
CREATE PUBLICATION cdc FOR TABLE orders, customers;
CREATE PUBLICATION old_feed FOR TABLE customers WITH (publish = 'insert');
