CREATE TYPE pair AS (a int, b int);
CREATE TABLE t (id int, p pair);
