INSERT INTO orders VALUES (1, 'paid', 10, 'x'), (2, 'draft', 5, NULL);
INSERT INTO customers VALUES (1, 'a@example.com');
