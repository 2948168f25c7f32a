CREATE TABLE t (id int, kind varchar(20) NOT NULL DEFAULT 'a' CONSTRAINT t_kind_check CHECK (kind IN ('a', 'b', 'c')));
CREATE TABLE u (id int, kind varchar(20), CONSTRAINT u_kind_check CHECK (kind::text = ANY (ARRAY['x', 'y'])));
