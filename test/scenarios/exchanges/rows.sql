-- Rows valid in exchanges/before.sql: user_exchanges identify the exchange by name only.
-- After the change exchange_id is NULL on all of them (no backfill is declared; the exchanges
-- catalogue rows come from the seed rows, and 'kraken' has no catalogue row at all).

INSERT INTO users (cognito_user_id, email, name) VALUES
    ('us-east-1:3c8e1f90-5b2d-4a77-8e0f-4d6a2b1c9e03', 'lena.fischer@example.com', 'Lena Fischer'),
    ('us-east-1:a47b2c6d-1e93-4f08-b5c2-9e3d7f1a6b24', 'raj.patel@example.com', 'Raj Patel');

INSERT INTO user_exchanges (user_id, exchange_name, display_name, api_key, api_secret, additional_credentials, is_default, last_connected_at) VALUES
    ((SELECT id FROM users WHERE email = 'lena.fischer@example.com'), 'coinbase', 'Coinbase main',
     'enc:v1:Q29pbmJhc2VLZXlMZW5hMDAx', 'enc:v1:Q29pbmJhc2VTZWNyZXRMZW5hMDAx',
     'enc:v1:eyJrZXlfbmFtZSI6Im9yZ2FuaXphdGlvbnMvMTIzL2FwaUtleXMvNDU2In0=', true, '2026-02-10 08:15:00'),
    ((SELECT id FROM users WHERE email = 'lena.fischer@example.com'), 'binance', 'Binance spot',
     'enc:v1:QmluYW5jZUtleUxlbmEwMDE=', 'enc:v1:QmluYW5jZVNlY3JldExlbmEwMDE=',
     NULL, false, NULL),
    ((SELECT id FROM users WHERE email = 'raj.patel@example.com'), 'binance', NULL,
     'enc:v1:QmluYW5jZUtleVJhajAwMQ==', 'enc:v1:QmluYW5jZVNlY3JldFJhajAwMQ==',
     NULL, true, '2026-02-11 19:40:27'),
    ((SELECT id FROM users WHERE email = 'raj.patel@example.com'), 'kraken', 'Kraken (old)',
     'enc:v1:S3Jha2VuS2V5UmFqMDAx', 'enc:v1:S3Jha2VuU2VjcmV0UmFqMDAx',
     NULL, false, '2025-11-02 12:00:00');

UPDATE user_exchanges SET is_active = false WHERE exchange_name = 'kraken';
