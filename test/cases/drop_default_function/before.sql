CREATE FUNCTION next_code() RETURNS text LANGUAGE sql VOLATILE RETURN md5(random()::text);
CREATE TABLE tokens (id int PRIMARY KEY, code text DEFAULT next_code());
