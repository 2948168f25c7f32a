CREATE TYPE money2 AS (amount numeric, currency text, note text);
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE prices (id int, p money2, r floatrange, rs floatmultirange);
CREATE INDEX prices_r ON prices USING gist (r);
