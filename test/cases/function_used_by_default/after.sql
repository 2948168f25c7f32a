CREATE FUNCTION gen() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;
CREATE TABLE t (id int DEFAULT gen(), v int CHECK (v > 0));
