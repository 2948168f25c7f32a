CREATE TABLE trades (id int PRIMARY KEY, symbol text NOT NULL, qty int NOT NULL);
