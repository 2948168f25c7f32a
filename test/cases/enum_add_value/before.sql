CREATE TYPE status AS ENUM ('new', 'done');
CREATE TABLE t (id int, s status DEFAULT 'new');
