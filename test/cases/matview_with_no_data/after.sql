-- A materialized view declared WITH NO DATA stays unpopulated (it is refreshed by the
-- application, possibly hours later, not by the migration); one declared with data is filled.
CREATE TABLE trades (id int PRIMARY KEY, symbol text NOT NULL, qty int NOT NULL);
CREATE MATERIALIZED VIEW volume_by_symbol AS SELECT symbol, sum(qty) AS qty FROM trades GROUP BY symbol WITH NO DATA;
CREATE MATERIALIZED VIEW symbols AS SELECT DISTINCT symbol FROM trades;
