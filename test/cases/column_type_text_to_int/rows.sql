INSERT INTO t VALUES (1, '42'), (2, '7');
