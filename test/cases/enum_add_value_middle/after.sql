CREATE TYPE status AS ENUM ('draft', 'new', 'in_progress', 'done');
CREATE TABLE t (id int, s status NOT NULL DEFAULT 'new');
CREATE VIEW v AS SELECT id, s FROM t WHERE s = 'new';
