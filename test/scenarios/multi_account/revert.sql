-- Scenario "multi_account" (seed document 004, migration 006_add_multi_account_support): undoes
-- the change on top of schema/, giving the database as it was before multi-account support: no
-- accounts, account_exchange_credentials, account_exchange_sharing tables; strategy_positions
-- without account_id (nor its FK, index and comment); no view v_account_open_exposure (it reads
-- accounts).
DROP VIEW v_account_open_exposure;
ALTER TABLE strategy_positions DROP COLUMN account_id;
DROP TABLE account_exchange_sharing, account_exchange_credentials, accounts;
