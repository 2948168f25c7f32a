CREATE TABLE readings (id serial, at date NOT NULL, value numeric, PRIMARY KEY (id, at));
CREATE INDEX readings_at ON readings (at);
