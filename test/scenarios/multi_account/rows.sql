-- Rows valid in multi_account/before.sql: venues, symbols and positions that belong to no
-- account. After the change strategy_positions.account_id is NULL on all of them (legacy
-- positions; linking them to an account is an application step, not part of the schema change).

INSERT INTO dexes (name, display_name, api_base_url, fee_structure, funding_interval_hours) VALUES
    ('lighter', 'Lighter', 'https://mainnet.zklighter.elliot.ai', '{"maker": 0.0, "taker": 0.0}', 1),
    ('aster', 'Aster', 'https://fapi.asterdex.com', '{"maker": 0.0001, "taker": 0.00035}', 8),
    ('backpack', 'Backpack', 'https://api.backpack.exchange', '{"maker": 0.0002, "taker": 0.0005}', 1),
    ('paradex', 'Paradex', 'https://api.prod.paradex.trade', '{"maker": 0.0, "taker": 0.0003}', 8);

INSERT INTO symbols (symbol, display_name) VALUES
    ('BTC', 'Bitcoin'),
    ('ETH', 'Ether'),
    ('SOL', 'Solana');

INSERT INTO strategy_positions (symbol_id, long_dex_id, short_dex_id, size_usd, entry_long_rate, entry_short_rate,
                                entry_divergence, current_divergence, cumulative_funding_usd, status, opened_at)
VALUES
    ((SELECT id FROM symbols WHERE symbol = 'BTC'), (SELECT id FROM dexes WHERE name = 'lighter'),
     (SELECT id FROM dexes WHERE name = 'backpack'), 25000, -0.0000125, 0.0001000,
     0.0001125, 0.0000950, 41.37, 'open', '2026-02-01 10:00:00+00'),
    ((SELECT id FROM symbols WHERE symbol = 'ETH'), (SELECT id FROM dexes WHERE name = 'aster'),
     (SELECT id FROM dexes WHERE name = 'lighter'), 12000, 0.0000100, 0.0000850,
     0.0000750, 0.0000610, 12.08, 'open', '2026-02-03 16:30:00+00');

INSERT INTO strategy_positions (symbol_id, long_dex_id, short_dex_id, size_usd, entry_long_rate, entry_short_rate,
                                entry_divergence, current_divergence, cumulative_funding_usd, status, exit_reason,
                                opened_at, closed_at)
VALUES
    ((SELECT id FROM symbols WHERE symbol = 'SOL'), (SELECT id FROM dexes WHERE name = 'paradex'),
     (SELECT id FROM dexes WHERE name = 'aster'), 5000, -0.0000300, 0.0000400,
     0.0000700, 0.0000050, 7.92, 'closed', 'divergence_below_threshold',
     '2026-01-20 08:00:00+00', '2026-01-26 21:15:00+00');
