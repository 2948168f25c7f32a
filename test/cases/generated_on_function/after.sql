CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;
CREATE TABLE t (id int, name text, name_norm text GENERATED ALWAYS AS (norm(name)) STORED, CONSTRAINT t_name_check CHECK (norm(name) <> ''));
CREATE INDEX t_norm ON t (norm(name));
