CREATE SEQUENCE order_no;
CREATE TABLE legacy_orders (no bigint DEFAULT nextval('order_no') PRIMARY KEY, note text);
ALTER SEQUENCE order_no OWNED BY legacy_orders.no;
