CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TYPE keep_r AS RANGE (subtype = int8);
