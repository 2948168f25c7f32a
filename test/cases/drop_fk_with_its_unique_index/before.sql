CREATE TABLE currencies (id int PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX currencies_code ON currencies (code);
CREATE TABLE prices (id int PRIMARY KEY, currency text REFERENCES currencies (code), amount numeric);
