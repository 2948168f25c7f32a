CREATE TYPE mood AS ENUM ('ok', 'happy');
CREATE TABLE t (id int, m mood DEFAULT 'ok');
