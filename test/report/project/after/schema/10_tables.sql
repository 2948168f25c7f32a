-- The change under review: users.legacy_flag is dropped (its values are lost), credentials get a
-- nickname (backfilled), accounts on exchanges get their own table (indexed, commented), and
-- audit_log gets an index.
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE exchanges (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  display_name text NOT NULL,
  is_active boolean NOT NULL DEFAULT true
);

CREATE TABLE user_credentials (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  credential_type text NOT NULL,
  nickname varchar(100),
  api_key_encrypted bytea
);

CREATE TABLE user_exchanges (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  exchange_id integer REFERENCES exchanges (id) ON DELETE SET NULL,
  label text NOT NULL
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  user_id bigint REFERENCES users (id),
  at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_user_id_idx ON audit_log (user_id);

-- The new table's foreign keys get their indexes, and the new objects their comments.
CREATE INDEX user_exchanges_user_id_idx ON user_exchanges (user_id);
CREATE INDEX user_exchanges_exchange_id_idx ON user_exchanges (exchange_id);
COMMENT ON TABLE user_exchanges IS 'a user''s accounts on exchanges';
COMMENT ON COLUMN user_credentials.nickname IS 'shown instead of the credential type';
