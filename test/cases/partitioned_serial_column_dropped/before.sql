CREATE TABLE readings (
    "reading id" serial,
    sensor text NOT NULL,
    taken_on date NOT NULL
) PARTITION BY LIST (sensor);
CREATE TABLE readings_a PARTITION OF readings FOR VALUES IN ('a');
CREATE TABLE readings_b PARTITION OF readings FOR VALUES IN ('b');
