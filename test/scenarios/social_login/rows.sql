-- Rows valid in social_login/before.sql: every user has a unique email and a name. After the
-- change a user without email or name, or a second user with an existing email (another
-- identity provider), can be inserted; cognito_user_id stays unique.

INSERT INTO users (cognito_user_id, email, name) VALUES
    ('us-east-1:d1e5a7c3-2f48-4b96-8a0d-5c7e9b2f1a36', 'sofia.rossi@example.com', 'Sofia Rossi'),
    ('us-east-1:7a2f9c41-6d0e-4e83-b1f5-3a8c2d9e4b70', 'kwame.mensah@example.com', 'Kwame Mensah'),
    ('us-east-1:e83b6d15-9a27-4c4f-8e6b-0f1d3c5a7b92', 'ines.moreau@example.com', 'Inès Moreau');

UPDATE users SET is_active = false WHERE email = 'ines.moreau@example.com';

INSERT INTO api_keys (user_id, name, key_prefix, key_hash, key_encrypted, is_default) VALUES
    ((SELECT id FROM users WHERE email = 'sofia.rossi@example.com'), 'trading bot', 'sk_live_4f9a',
     '9b74c9897bac770ffc029102a200c5de6b1c8f1e3f0a4d9c2e7b5a1f8d3c6e02', '\x8a1f3c5e7b9d2f4a6c8e0b1d3f5a7c9e', true),
    ((SELECT id FROM users WHERE email = 'sofia.rossi@example.com'), 'notebook', 'sk_live_c21e',
     '4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce', NULL, false);

INSERT INTO user_sessions (user_id, session_token_hash, user_agent, ip_address, created_at, expires_at) VALUES
    ((SELECT id FROM users WHERE email = 'kwame.mensah@example.com'),
     'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592',
     'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15', '203.0.113.24',
     '2026-02-12 07:55:00+00', '2026-02-19 07:55:00+00');
