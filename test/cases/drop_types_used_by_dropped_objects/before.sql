CREATE DOMAIN money_amount AS numeric(12,2) CHECK (VALUE >= 0);
CREATE TYPE status AS ENUM ('open', 'closed');
CREATE TABLE invoices (id int PRIMARY KEY, total money_amount, st status DEFAULT 'open');
CREATE FUNCTION is_open(s status) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN s = 'open';
CREATE INDEX invoices_open ON invoices (id) WHERE is_open(st);
