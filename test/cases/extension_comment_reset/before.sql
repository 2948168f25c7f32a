CREATE EXTENSION IF NOT EXISTS citext;
COMMENT ON EXTENSION citext IS 'case-insensitive e-mail addresses';
