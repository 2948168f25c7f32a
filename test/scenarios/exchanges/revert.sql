-- Scenario "exchanges" (seed document 002, phase 23 schema foundation): undoes the change on top
-- of schema/, giving the database as it was before the exchanges metadata table: no exchanges
-- table (nor its trigger and comments); user_exchanges without exchange_id (nor the FK
-- user_exchanges_exchange_id_exchanges_id_fk, the index user_exchanges_exchange_id_idx, the comment).
ALTER TABLE user_exchanges DROP COLUMN exchange_id;
DROP TABLE exchanges;
