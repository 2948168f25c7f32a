CREATE TYPE status AS ENUM ('a', 'b');
CREATE TABLE t (id int, s text);
