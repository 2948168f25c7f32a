INSERT INTO orders (region, ref, total) VALUES ('eu', 'r1', 10), ('eu', 'r2', 0);
