-- Scenario "credentials" (seed documents 000 and 001, migration 15_multiple_credentials_support):
-- undoes the change on top of schema/, giving the database as it was before multiple credentials
-- per type were allowed: the unique index idx_user_credentials_unique on
-- (user_account_id, credential_type), no nickname column (nor its index and comment).
DROP INDEX idx_user_credentials_nickname;
ALTER TABLE user_credentials DROP COLUMN nickname;
CREATE UNIQUE INDEX idx_user_credentials_unique ON user_credentials (user_account_id, credential_type);
