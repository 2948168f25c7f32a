CREATE TABLE accounts (id serial, name varchar(50), region text, UNIQUE (name, region)) PARTITION BY LIST (region);
CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu');
CREATE TABLE accounts_ext (name varchar(50), region text) PARTITION BY LIST (region);
CREATE TABLE accounts_ext_eu PARTITION OF accounts_ext FOR VALUES IN ('eu');
CREATE UNIQUE INDEX accounts_ext_key ON accounts_ext (name, region);
ALTER TABLE accounts_ext ADD CONSTRAINT accounts_ext_fk FOREIGN KEY (name, region) REFERENCES accounts (name, region);
ALTER TABLE accounts ADD CONSTRAINT accounts_ext FOREIGN KEY (name, region) REFERENCES accounts_ext (name, region);
