CREATE TABLE m (id int, ts date NOT NULL);
