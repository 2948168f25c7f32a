INSERT INTO seats VALUES (1, 'LH1', '1A', 1), (2, 'LH1', '1B', 2);
