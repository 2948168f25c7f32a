CREATE TYPE addr AS (street text, city text);
CREATE TYPE old_t AS (a int);
