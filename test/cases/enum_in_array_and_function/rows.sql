INSERT INTO t VALUES (1, '{red,green}', 'green');
