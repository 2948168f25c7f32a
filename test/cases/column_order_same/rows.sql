INSERT INTO t VALUES (1, 'b', 'a', 3);
