CREATE TABLE currencies (id int PRIMARY KEY, code text NOT NULL);
CREATE TABLE prices (id int PRIMARY KEY, currency text, amount numeric);
