-- schemaop:backfill user_credentials_nickname
-- Gives credentials created before nicknames existed their type as nickname.
UPDATE user_credentials SET nickname = credential_type WHERE nickname IS NULL;
