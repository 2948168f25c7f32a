CREATE SCHEMA keep;
CREATE SCHEMA app;
CREATE TYPE app.kind AS ENUM ('a', 'b');
CREATE TABLE app.items (id int PRIMARY KEY, k app.kind);
CREATE VIEW app.v AS SELECT id FROM app.items;
CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE SEQUENCE app.s;
