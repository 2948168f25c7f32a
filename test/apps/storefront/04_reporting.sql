SET search_path = reporting, shop, core, public;

CREATE VIEW order_factors AS
  SELECT l.order_id, core.product(l.factor) AS factor, sum(l.quantity) AS items
    FROM shop.order_lines l GROUP BY l.order_id;

CREATE VIEW contacts AS
  SELECT c.email::text AS address, c.name AS label FROM shop.customers c
  UNION
  SELECT NULL, 'nobody';

CREATE MATERIALIZED VIEW daily_totals AS
  SELECT placed_on, count(*) AS orders, sum(total) AS total FROM shop.orders GROUP BY placed_on
  WITH NO DATA;
CREATE UNIQUE INDEX daily_totals_day ON daily_totals (placed_on);

CREATE STATISTICS customers_country_name ON country, name FROM shop.customers;
