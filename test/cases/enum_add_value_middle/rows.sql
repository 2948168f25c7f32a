INSERT INTO t VALUES (1, 'done'), (2, 'new');
