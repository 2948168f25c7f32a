INSERT INTO child VALUES (1, 'a', 2);
