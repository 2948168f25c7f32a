CREATE SCHEMA stats;
CREATE FUNCTION stats.mul(s numeric, v numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT s * v $$;
CREATE AGGREGATE stats.product(numeric) (SFUNC = stats.mul, STYPE = numeric, INITCOND = '1');
CREATE TABLE stats.obs (v numeric);
CREATE VIEW stats.summary AS SELECT stats.product(v) AS p FROM stats.obs;
