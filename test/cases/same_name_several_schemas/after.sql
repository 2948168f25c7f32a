CREATE SCHEMA a;
CREATE SCHEMA b;
CREATE TABLE a.t (id int, x text);
CREATE TABLE b.t (id bigint PRIMARY KEY);
CREATE TABLE public.t (id int);
CREATE INDEX t_id_idx ON a.t (id);
CREATE INDEX t_id_idx ON public.t (id);
CREATE VIEW b.v AS SELECT a.id FROM a.t a JOIN b.t b USING (id);
