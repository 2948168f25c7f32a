CREATE TABLE l (id int, region text) PARTITION BY LIST (region);
CREATE TABLE l_eu PARTITION OF l FOR VALUES IN ('eu');
