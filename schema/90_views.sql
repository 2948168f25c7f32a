-- Monitoring views.

-- Open positions with their symbol and venue names.
CREATE VIEW v_open_positions AS
SELECT p.id,
       s.symbol,
       ld.name AS long_exchange,
       sd.name AS short_exchange,
       p.size_usd,
       p.entry_divergence,
       p.current_divergence,
       p.cumulative_funding_usd,
       p.opened_at
FROM strategy_positions p
JOIN symbols s ON s.id = p.symbol_id
JOIN dexes ld ON ld.id = p.long_dex_id
JOIN dexes sd ON sd.id = p.short_dex_id
WHERE p.status = 'open';

COMMENT ON VIEW v_open_positions IS 'Open arbitrage positions with symbol and dex names.';

-- Open exposure per account (every active account, also those without open positions).
CREATE VIEW v_account_open_exposure AS
SELECT a.id AS account_id,
       a.account_name,
       count(p.id) AS open_positions,
       coalesce(sum(p.size_usd), 0) AS open_size_usd,
       coalesce(sum(p.cumulative_funding_usd), 0) AS cumulative_funding_usd,
       (a.metadata ->> 'max_exposure_usd')::numeric AS max_exposure_usd
FROM accounts a
LEFT JOIN strategy_positions p ON p.account_id = a.id AND p.status = 'open'
WHERE a.is_active
GROUP BY a.id, a.account_name, a.metadata;

COMMENT ON VIEW v_account_open_exposure IS 'Per active account: number, size and funding of open positions, against its configured limit.';
