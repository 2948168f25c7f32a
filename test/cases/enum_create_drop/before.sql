CREATE TYPE old_e AS ENUM ('a');
CREATE TABLE t (id int, c old_e);
