CREATE TABLE c (c circle, d circle, CONSTRAINT c_excl EXCLUDE USING gist (c WITH &&));
