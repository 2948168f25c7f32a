CREATE TYPE new_e AS ENUM ('x', 'y');
CREATE TABLE t (id int, d new_e);
