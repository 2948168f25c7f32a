-- Centralised exchanges (Coinbase, Binance, ...) and the users' connections to them.

-- Exchange metadata for the multi-exchange architecture. The catalogue rows (coinbase,
-- binance) are reference data managed as seed rows, not here.
CREATE TABLE exchanges (
    id                   serial NOT NULL,
    name                 varchar(50) NOT NULL,
    display_name         varchar(100) NOT NULL,
    ws_url               varchar(255),
    rest_url             varchar(255),
    supported_timeframes jsonb NOT NULL DEFAULT '[]'::jsonb,
    api_limits           jsonb,
    fee_schedule         jsonb,
    geo_restrictions     jsonb,
    is_active            boolean NOT NULL DEFAULT true,
    created_at           timestamp NOT NULL DEFAULT now(),
    updated_at           timestamp NOT NULL DEFAULT now(),
    CONSTRAINT exchanges_pkey PRIMARY KEY (id),
    CONSTRAINT exchanges_name_unique UNIQUE (name)
);

CREATE TRIGGER trg_exchanges_updated_at
    BEFORE UPDATE ON exchanges
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE exchanges IS 'Exchange metadata: endpoints, supported candle timeframes, rate limits, fees.';
COMMENT ON COLUMN exchanges.name IS 'Stable machine name (coinbase, binance); matches user_exchanges.exchange_name.';
COMMENT ON COLUMN exchanges.supported_timeframes IS 'JSON array of candle intervals, e.g. ["1m", "5m", "1h", "1d"].';
COMMENT ON COLUMN exchanges.geo_restrictions IS 'Reserved: stored now, enforced later.';

-- A user's connection to one exchange account.
CREATE TABLE user_exchanges (
    id                     serial NOT NULL,
    user_id                integer NOT NULL,
    exchange_name          varchar(50) NOT NULL,
    exchange_id            integer,
    display_name           varchar(100),
    -- text, not varchar(500): an envelope of a KMS-wrapped key with its encryption context is ~750 characters.
    api_key                text NOT NULL,
    api_secret             text NOT NULL,
    additional_credentials text,
    is_active              boolean NOT NULL DEFAULT true,
    is_default             boolean NOT NULL DEFAULT false,
    last_connected_at      timestamp,
    created_at             timestamp NOT NULL DEFAULT now(),
    updated_at             timestamp NOT NULL DEFAULT now(),
    CONSTRAINT user_exchanges_pkey PRIMARY KEY (id),
    CONSTRAINT user_exchanges_user_id_users_id_fk FOREIGN KEY (user_id)
        REFERENCES users (id) ON UPDATE NO ACTION ON DELETE CASCADE,
    CONSTRAINT user_exchanges_exchange_id_exchanges_id_fk FOREIGN KEY (exchange_id)
        REFERENCES exchanges (id) ON UPDATE NO ACTION ON DELETE SET NULL
);

CREATE INDEX user_exchanges_user_id_idx ON user_exchanges (user_id);
CREATE INDEX user_exchanges_exchange_id_idx ON user_exchanges (exchange_id);

CREATE TRIGGER trg_user_exchanges_updated_at
    BEFORE UPDATE ON user_exchanges
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE user_exchanges IS 'A user''s connection to an exchange account, with its encrypted API credentials.';
COMMENT ON COLUMN user_exchanges.exchange_name IS 'Machine name of the exchange (coinbase, binance).';
COMMENT ON COLUMN user_exchanges.exchange_id IS 'Exchange metadata row; nullable while existing rows are migrated, set to NULL if the exchange is deleted.';
COMMENT ON COLUMN user_exchanges.api_key IS 'Exchange API key, encrypted by the application before storage.';
COMMENT ON COLUMN user_exchanges.api_secret IS 'Exchange API secret, encrypted by the application before storage.';
COMMENT ON COLUMN user_exchanges.additional_credentials IS 'Encrypted JSON of exchange-specific extras (passphrase, key name, ...).';
