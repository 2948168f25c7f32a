CREATE TABLE t (id int, tags varchar(20)[], data jsonb, pt point, ip cidr, u uuid, b bytea, iv interval, x xml, bits bit varying(8), m money, ts tsvector);
