CREATE TYPE addr AS (street text, city text, zip varchar(10));
CREATE TYPE new_t AS (x int, y numeric);
CREATE TABLE people (id int, home addr);
