CREATE TABLE c (c circle, d circle, CONSTRAINT c_excl EXCLUDE USING gist (d WITH &&) WHERE (d IS NOT NULL));
