INSERT INTO orders VALUES (1, 'eu', 'a'), (2, 'us', 'b'); INSERT INTO shipments VALUES (1, 'eu', 'a');
