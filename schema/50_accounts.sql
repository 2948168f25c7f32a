-- Multi-account support of the arbitrage bot: accounts (wallets), their encrypted exchange
-- credentials and cross-account credential sharing.

CREATE TABLE accounts (
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    account_name   varchar(255) NOT NULL,
    wallet_address varchar(255),
    description    text,
    is_active      boolean NOT NULL DEFAULT true,
    metadata       jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_account_name_key UNIQUE (account_name)
);

CREATE INDEX idx_accounts_wallet_address ON accounts (wallet_address);

CREATE TRIGGER trg_accounts_updated_at
    BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE accounts IS 'Trading account (wallet) with isolated credentials and positions.';
COMMENT ON COLUMN accounts.metadata IS 'Per-account settings: max_positions, max_exposure_usd, risk_level, allowed_exchanges.';

CREATE TABLE account_exchange_credentials (
    id                               uuid NOT NULL DEFAULT gen_random_uuid(),
    account_id                       uuid NOT NULL,
    exchange_id                      integer NOT NULL,
    api_key_encrypted                text,
    secret_key_encrypted             text,
    additional_credentials_encrypted jsonb,
    exchange_account_id              varchar(255),
    subaccount_index                 integer NOT NULL DEFAULT 0,
    is_active                        boolean NOT NULL DEFAULT true,
    last_used                        timestamptz,
    created_at                       timestamptz NOT NULL DEFAULT now(),
    updated_at                       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_exchange_credentials_pkey PRIMARY KEY (id),
    CONSTRAINT account_exchange_credentials_account_id_fkey FOREIGN KEY (account_id)
        REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT account_exchange_credentials_exchange_id_fkey FOREIGN KEY (exchange_id)
        REFERENCES dexes (id),
    CONSTRAINT account_exchange_credentials_account_exchange_subaccount_key
        UNIQUE (account_id, exchange_id, subaccount_index),
    CONSTRAINT account_exchange_credentials_subaccount_index_check CHECK (subaccount_index >= 0)
);

CREATE INDEX idx_account_exchange_credentials_exchange_id ON account_exchange_credentials (exchange_id);

CREATE TRIGGER trg_account_exchange_credentials_updated_at
    BEFORE UPDATE ON account_exchange_credentials
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE account_exchange_credentials IS 'Encrypted exchange credentials of an account, one row per (exchange, subaccount).';
COMMENT ON COLUMN account_exchange_credentials.exchange_id IS 'The dex these credentials are for (references dexes, not exchanges).';
COMMENT ON COLUMN account_exchange_credentials.api_key_encrypted IS 'API key, Fernet-encrypted with CREDENTIAL_ENCRYPTION_KEY; never plaintext.';
COMMENT ON COLUMN account_exchange_credentials.secret_key_encrypted IS 'API secret or private key, Fernet-encrypted with CREDENTIAL_ENCRYPTION_KEY; never plaintext.';
COMMENT ON COLUMN account_exchange_credentials.additional_credentials_encrypted IS 'Exchange-specific extras (passphrase, API key index), each value Fernet-encrypted.';
COMMENT ON COLUMN account_exchange_credentials.subaccount_index IS 'Subaccount / API key index on the exchange; 0 for the main account.';

-- Lets an account trade on an exchange with another account's credentials (e.g. several
-- Lighter accounts sharing one KYC'd Backpack account).
CREATE TABLE account_exchange_sharing (
    id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    primary_account_id uuid NOT NULL,
    shared_account_id  uuid NOT NULL,
    exchange_id        integer NOT NULL,
    sharing_type       varchar(50) NOT NULL DEFAULT 'full',
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_exchange_sharing_pkey PRIMARY KEY (id),
    CONSTRAINT account_exchange_sharing_primary_account_id_fkey FOREIGN KEY (primary_account_id)
        REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT account_exchange_sharing_shared_account_id_fkey FOREIGN KEY (shared_account_id)
        REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT account_exchange_sharing_exchange_id_fkey FOREIGN KEY (exchange_id)
        REFERENCES dexes (id) ON DELETE CASCADE,
    CONSTRAINT account_exchange_sharing_primary_account_exchange_key
        UNIQUE (primary_account_id, exchange_id),
    CONSTRAINT account_exchange_sharing_not_self_check
        CHECK (primary_account_id <> shared_account_id),
    CONSTRAINT account_exchange_sharing_sharing_type_check
        CHECK (sharing_type IN ('full', 'read_only', 'positions_only'))
);

CREATE INDEX idx_account_exchange_sharing_shared_account_id ON account_exchange_sharing (shared_account_id);

CREATE TRIGGER trg_account_exchange_sharing_updated_at
    BEFORE UPDATE ON account_exchange_sharing
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE account_exchange_sharing IS 'Primary account uses the shared account''s credentials on one exchange.';
COMMENT ON COLUMN account_exchange_sharing.sharing_type IS 'full: trade with the credentials; read_only: balances and history only; positions_only: manage existing positions.';
