CREATE FUNCTION norm_code(c text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(trim(c)) $$;
CREATE FUNCTION positive(i int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT i > 0 $$;
CREATE TABLE items (id int PRIMARY KEY CHECK (positive(id)), code text NOT NULL);
CREATE UNIQUE INDEX items_code ON items (norm_code(code));
CREATE TABLE tags (id int PRIMARY KEY, label text NOT NULL DEFAULT norm_code('X'));
CREATE INDEX tags_label ON tags (norm_code(label));
