CREATE FUNCTION is_active(status text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT status = 'active' $$;
CREATE FUNCTION normalized(email text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(trim(email)) $$;
CREATE TABLE subscriptions (id bigint PRIMARY KEY, email text NOT NULL, status text NOT NULL);
CREATE INDEX subscriptions_active_idx ON subscriptions (id) WHERE is_active(status);
CREATE UNIQUE INDEX subscriptions_email_idx ON subscriptions (normalized(email));
CREATE TABLE accounts (id bigint PRIMARY KEY);
