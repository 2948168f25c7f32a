CREATE TYPE status AS ENUM ('new', 'old');
CREATE TABLE t (s status DEFAULT 'new');
