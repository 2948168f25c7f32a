CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a * 2 $$;
CREATE FUNCTION f(a bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT a $$;
CREATE FUNCTION f(a int, b int) RETURNS int LANGUAGE sql AS $$ SELECT a + b $$;
