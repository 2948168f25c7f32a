-- Positions of the funding-rate arbitrage strategy: long on one dex, short on another.

CREATE TABLE strategy_positions (
    id                     uuid NOT NULL DEFAULT gen_random_uuid(),
    strategy_name          varchar(50) NOT NULL DEFAULT 'funding_arbitrage',
    symbol_id              integer NOT NULL,
    long_dex_id            integer NOT NULL,
    short_dex_id           integer NOT NULL,
    size_usd               numeric(20, 8) NOT NULL,
    entry_long_rate        numeric(20, 10),
    entry_short_rate       numeric(20, 10),
    entry_divergence       numeric(20, 10) NOT NULL,
    current_divergence     numeric(20, 10),
    cumulative_funding_usd numeric(20, 8) NOT NULL DEFAULT 0,
    status                 varchar(20) NOT NULL DEFAULT 'open',
    exit_reason            varchar(100),
    opened_at              timestamptz NOT NULL DEFAULT now(),
    closed_at              timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    account_id             uuid,
    CONSTRAINT strategy_positions_pkey PRIMARY KEY (id),
    CONSTRAINT strategy_positions_account_id_fkey FOREIGN KEY (account_id)
        REFERENCES accounts (id) ON DELETE SET NULL,
    CONSTRAINT strategy_positions_symbol_id_fkey FOREIGN KEY (symbol_id)
        REFERENCES symbols (id),
    CONSTRAINT strategy_positions_long_dex_id_fkey FOREIGN KEY (long_dex_id)
        REFERENCES dexes (id),
    CONSTRAINT strategy_positions_short_dex_id_fkey FOREIGN KEY (short_dex_id)
        REFERENCES dexes (id),
    CONSTRAINT strategy_positions_status_check
        CHECK (status IN ('open', 'closing', 'closed')),
    CONSTRAINT strategy_positions_distinct_dexes_check CHECK (long_dex_id <> short_dex_id),
    CONSTRAINT strategy_positions_size_usd_check CHECK (size_usd > 0)
);

CREATE INDEX idx_strategy_positions_account_id ON strategy_positions (account_id);
CREATE INDEX idx_strategy_positions_symbol_id ON strategy_positions (symbol_id);
CREATE INDEX idx_strategy_positions_open ON strategy_positions (opened_at) WHERE status = 'open';

CREATE TRIGGER trg_strategy_positions_updated_at
    BEFORE UPDATE ON strategy_positions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

COMMENT ON TABLE strategy_positions IS 'Delta-neutral funding-rate arbitrage positions (long one dex, short another).';
COMMENT ON COLUMN strategy_positions.account_id IS 'Owning account; NULL for legacy positions opened before multi-account support, or if the account is deleted.';
COMMENT ON COLUMN strategy_positions.entry_divergence IS 'Funding-rate spread (short rate minus long rate) when the position was opened.';
COMMENT ON COLUMN strategy_positions.cumulative_funding_usd IS 'Net funding received minus paid since opening, in USD.';
