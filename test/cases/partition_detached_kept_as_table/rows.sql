INSERT INTO customers VALUES (1, 'a'); INSERT INTO invoices_eu VALUES (1, 'eu', 'n1', 1); INSERT INTO invoices_us VALUES (2, 'us', 'n2', 1);
