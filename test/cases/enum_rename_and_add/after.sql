CREATE TYPE status AS ENUM ('new', 'active', 'old', 'archived');
CREATE TABLE t (s status DEFAULT 'active');
