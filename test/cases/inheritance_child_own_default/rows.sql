INSERT INTO child (id, extra) VALUES (1, 'a');
