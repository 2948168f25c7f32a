CREATE SCHEMA billing;
CREATE COLLATION billing.natural (provider = icu, locale = 'und-u-kn-true');
CREATE TYPE billing.amount_range AS RANGE (subtype = numeric);
CREATE DOMAIN billing.code AS text COLLATE billing.natural CHECK (VALUE <> '');
CREATE TABLE billing.plans (code billing.code PRIMARY KEY, prices billing.amount_range);
CREATE TABLE keep (id int);
