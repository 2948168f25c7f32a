CREATE SCHEMA a;
CREATE SCHEMA b;
CREATE TABLE a.t (id int);
CREATE TABLE b.t (id int);
CREATE TABLE public.t (id int);
