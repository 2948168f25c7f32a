CREATE TABLE keep (id int);
CREATE TABLE new_t (id bigint PRIMARY KEY, name text NOT NULL, tags text[] DEFAULT '{}', payload jsonb);
