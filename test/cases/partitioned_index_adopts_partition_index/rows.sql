INSERT INTO metrics VALUES (1, 'cpu');
