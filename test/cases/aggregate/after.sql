CREATE TABLE t (a int);
CREATE FUNCTION add_two(s int, v int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT s + v $$;
CREATE AGGREGATE my_sum(int) (SFUNC = add_two, STYPE = int, INITCOND = '0');
