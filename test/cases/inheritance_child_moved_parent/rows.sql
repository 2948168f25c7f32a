INSERT INTO cars VALUES (1, 'a', 4);
