CREATE TYPE status AS ENUM ('new', 'done', 'archived');
CREATE TABLE t (id int, s status DEFAULT 'new');
