CREATE TABLE m (id int, ts date NOT NULL, region text NOT NULL) PARTITION BY RANGE (ts);
