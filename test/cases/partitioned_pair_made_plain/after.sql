CREATE TABLE accounts (id serial, name varchar(50), region text, UNIQUE (name, region));
CREATE TABLE accounts_ext (name varchar(50), region text);
CREATE UNIQUE INDEX accounts_ext_key ON accounts_ext (name, region);
ALTER TABLE accounts_ext ADD CONSTRAINT accounts_ext_fk FOREIGN KEY (name, region) REFERENCES accounts (name, region);
ALTER TABLE accounts ADD CONSTRAINT accounts_ext FOREIGN KEY (name, region) REFERENCES accounts_ext (name, region);
