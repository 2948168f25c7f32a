CREATE FUNCTION approx_eq(a numeric, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs(a - b) < 0.01';
CREATE OPERATOR ~= (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = approx_eq, COMMUTATOR = ~=);
CREATE FUNCTION add3(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b + 1';
CREATE OPERATOR @+@ (LEFTARG = int, RIGHTARG = int, FUNCTION = add3);
CREATE TABLE readings (v numeric);
