-- Scenario "social_login" (seed document 003, Alembic revision social_login_prep_2025): undoes the
-- change on top of schema/, giving the database as it was before the social-login preparation:
-- users.email and users.name NOT NULL, and email unique (users_email_key); the non-unique index
-- ix_users_email exists in both states.
ALTER TABLE users
    ALTER COLUMN email SET NOT NULL,
    ALTER COLUMN name SET NOT NULL,
    ADD CONSTRAINT users_email_key UNIQUE (email);
