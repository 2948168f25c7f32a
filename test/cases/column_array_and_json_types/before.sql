CREATE TABLE t (id int, tags text[], data json, pt point, ip inet, u uuid, b bytea, iv interval, x xml, bits bit(3));
