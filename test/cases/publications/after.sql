-- A publication narrowed to columns and rows, truncates left out; one dropped; one added on a
-- partitioned table through its root. (FOR ALL TABLES and TABLES IN SCHEMA need a superuser: the
-- dev database refuses them.)
CREATE SCHEMA audit;
CREATE TABLE orders (id int PRIMARY KEY, status text, total numeric, note text);
CREATE TABLE customers (id int PRIMARY KEY, email text);
CREATE TABLE audit.events (id int PRIMARY KEY, at timestamptz);
CREATE TABLE ticks (at date NOT NULL, v int) PARTITION BY RANGE (at);
CREATE TABLE ticks_2026 PARTITION OF ticks FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE PUBLICATION cdc FOR TABLE orders (id, status, total) WHERE (status <> 'draft'), TABLE customers WITH (publish = 'insert, update, delete');
CREATE PUBLICATION ticks_feed FOR TABLE ticks WITH (publish_via_partition_root = true);
COMMENT ON PUBLICATION cdc IS 'orders for the warehouse';
