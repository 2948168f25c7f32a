INSERT INTO trades VALUES (1, 'BTC', 2), (2, 'ETH', 5), (3, 'BTC', 1);
