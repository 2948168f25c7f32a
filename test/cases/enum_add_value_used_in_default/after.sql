CREATE TYPE status AS ENUM ('new', 'pending', 'done');
CREATE TABLE t (id int, s status DEFAULT 'pending');
