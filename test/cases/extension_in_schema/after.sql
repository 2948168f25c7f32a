CREATE SCHEMA ext;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA ext;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE TABLE u (id uuid DEFAULT uuid_generate_v4(), email citext);
CREATE INDEX u_email_trgm ON u USING gin ((email::text) ext.gin_trgm_ops);
