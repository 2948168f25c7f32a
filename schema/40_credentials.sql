-- Brokerage accounts of the orchestrator and their encrypted credentials (Alpaca, ...).

CREATE TABLE user_accounts (
    id           uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id      integer NOT NULL,
    account_name varchar(255) NOT NULL,
    is_active    boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_accounts_pkey PRIMARY KEY (id),
    CONSTRAINT user_accounts_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT user_accounts_user_id_account_name_key UNIQUE (user_id, account_name)
);

CREATE TRIGGER trg_user_accounts_updated_at
    BEFORE UPDATE ON user_accounts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE user_accounts IS 'A user''s trading account in the orchestrator; owns its credentials.';

-- Several credentials of the same type per account are allowed (multiple-credentials support):
-- there is deliberately no unique constraint on (user_account_id, credential_type).
CREATE TABLE user_credentials (
    id                   uuid NOT NULL DEFAULT gen_random_uuid(),
    user_account_id      uuid NOT NULL,
    credential_type      varchar(50) NOT NULL,
    api_key_encrypted    text NOT NULL,
    secret_key_encrypted text NOT NULL,
    is_active            boolean NOT NULL DEFAULT true,
    last_used_at         timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    nickname             varchar(255),
    CONSTRAINT user_credentials_pkey PRIMARY KEY (id),
    CONSTRAINT user_credentials_user_account_id_fkey FOREIGN KEY (user_account_id)
        REFERENCES user_accounts (id) ON DELETE CASCADE
);

CREATE INDEX idx_user_credentials_nickname ON user_credentials (user_account_id, nickname);

CREATE TRIGGER trg_user_credentials_updated_at
    BEFORE UPDATE ON user_credentials
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE user_credentials IS 'Encrypted broker credentials of a user account.';
COMMENT ON COLUMN user_credentials.credential_type IS 'Kind of credential, e.g. alpaca_paper or alpaca_live.';
COMMENT ON COLUMN user_credentials.nickname IS 'User-friendly label that tells apart several credentials of the same type; defaults to credential_type.';
COMMENT ON COLUMN user_credentials.api_key_encrypted IS 'API key, Fernet-encrypted by the application; never stored in plaintext.';
COMMENT ON COLUMN user_credentials.secret_key_encrypted IS 'API secret, Fernet-encrypted by the application; never stored in plaintext.';
