// A schema that uses what the generators map beyond the platform's schema: enums in two schemas,
// arrays, identity ALWAYS, bigint, composite and named keys, a self-reference, several keys
// between two tables, expression, descending, GIN and partial indexes, NULLS NOT DISTINCT, quoted
// defaults and names that clash with the languages' keywords and types.
export const FIXTURE_SQL = `
CREATE SCHEMA billing;
CREATE TYPE mood AS ENUM ('happy', 'so-so', 'not ok');
CREATE TYPE billing.plan AS ENUM ('free', 'pro');
CREATE DOMAIN email AS varchar(320) CHECK (VALUE LIKE '%@%');

CREATE TABLE people (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email email NOT NULL,
  mood mood NOT NULL DEFAULT 'happy',
  moods mood[] NOT NULL DEFAULT '{}',
  tags text[],
  matrix integer[][],
  manager_id bigint REFERENCES people (id) ON DELETE SET NULL,
  score numeric,
  ratio real,
  weight double precision,
  nick char(3),
  "class" text,
  "from" integer DEFAULT -1,
  note text DEFAULT 'it''s fine',
  avatar bytea,
  birthday date,
  "date" date,
  wakes_at time(0),
  seen_at timestamp(3) with time zone,
  term interval,
  doc json,
  search tsvector,
  lower_email text GENERATED ALWAYS AS (lower(email)) STORED
);
CREATE INDEX people_lower_email ON people ((lower(email::text)));
CREATE INDEX people_seen ON people (seen_at DESC NULLS LAST, id);
CREATE INDEX people_tags ON people USING gin (tags);
CREATE UNIQUE INDEX people_nick ON people (nick) WHERE nick IS NOT NULL;

CREATE TABLE billing.subscriptions (
  person_id bigint NOT NULL REFERENCES people (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  seq smallint NOT NULL,
  plan billing.plan NOT NULL DEFAULT 'free',
  payer_id bigint REFERENCES people (id),
  amount numeric(12, 2) NOT NULL DEFAULT 0.00,
  code varchar(8),
  CONSTRAINT subscriptions_pk PRIMARY KEY (person_id, seq),
  CONSTRAINT subscriptions_code_key UNIQUE NULLS NOT DISTINCT (code),
  CONSTRAINT subscriptions_amount_check CHECK (amount >= 0)
);

CREATE TABLE counters (n bigserial PRIMARY KEY, small smallserial NOT NULL);
`;
