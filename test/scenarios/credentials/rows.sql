-- Rows valid in credentials/before.sql: one credential per (account, type), no nickname yet.
-- After the change every credential must have nickname = credential_type (declared backfill
-- user_credentials_nickname), and a second alpaca_paper credential may be added to an account.

INSERT INTO users (cognito_user_id, email, name) VALUES
    ('us-east-1:6f1c2b7e-3a41-4c0e-9d2a-1b8e5f0c7a11', 'maya.chen@example.com', 'Maya Chen'),
    ('us-east-1:0b9d4e22-8c57-4f3a-a6e1-72d0c94b3e58', 'omar.haddad@example.com', 'Omar Haddad');

INSERT INTO user_accounts (user_id, account_name) VALUES
    ((SELECT id FROM users WHERE email = 'maya.chen@example.com'), 'Swing portfolio'),
    ((SELECT id FROM users WHERE email = 'omar.haddad@example.com'), 'Main');

INSERT INTO user_credentials (user_account_id, credential_type, api_key_encrypted, secret_key_encrypted, last_used_at) VALUES
    ((SELECT id FROM user_accounts WHERE account_name = 'Swing portfolio'), 'alpaca_paper',
     'gAAAAABnq1xKc2VjcmV0LXBhcGVyLWtleS1tYXlhLTAwMQ==', 'gAAAAABnq1xKc2VjcmV0LXBhcGVyLXNlY3JldC1tYXlhLTAwMQ==',
     '2026-01-29 14:02:11+00'),
    ((SELECT id FROM user_accounts WHERE account_name = 'Swing portfolio'), 'alpaca_live',
     'gAAAAABnq1xLbGl2ZS1rZXktbWF5YS0wMDE=', 'gAAAAABnq1xLbGl2ZS1zZWNyZXQtbWF5YS0wMDE=',
     NULL),
    ((SELECT id FROM user_accounts WHERE account_name = 'Main'), 'alpaca_paper',
     'gAAAAABnq1xMcGFwZXIta2V5LW9tYXItMDAx', 'gAAAAABnq1xMcGFwZXItc2VjcmV0LW9tYXItMDAx',
     '2026-01-30 09:45:00+00');
