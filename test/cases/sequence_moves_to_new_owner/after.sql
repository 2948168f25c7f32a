CREATE SEQUENCE order_no;
CREATE TABLE orders (no bigint DEFAULT nextval('order_no') PRIMARY KEY, placed date);
ALTER SEQUENCE order_no OWNED BY orders.no;
