INSERT INTO leaf (id, extra) VALUES (1, 'e');
