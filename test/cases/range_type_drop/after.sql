CREATE TYPE keep_r AS RANGE (subtype = int8);
