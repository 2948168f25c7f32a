-- A negator pair (each names the other: the first CREATE makes the second a shell it then fills),
-- selectivity estimators added to an existing operator, a prefix operator, one dropped with its
-- function, and a view that uses an operator.
CREATE FUNCTION approx_eq(a numeric, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs(a - b) < 0.01';
CREATE FUNCTION approx_ne(a numeric, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs(a - b) >= 0.01';
CREATE OPERATOR ~= (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = approx_eq, COMMUTATOR = ~=, NEGATOR = !~=, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR !~= (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = approx_ne, COMMUTATOR = !~=, NEGATOR = ~=);
CREATE FUNCTION mirror(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT reverse(t)';
CREATE OPERATOR ~~~ (RIGHTARG = text, FUNCTION = mirror);
CREATE TABLE readings (v numeric);
CREATE VIEW near_one AS SELECT v FROM readings WHERE v ~= 1.0;
COMMENT ON OPERATOR ~= (numeric, numeric) IS 'approximately equal';
