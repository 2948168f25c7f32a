CREATE TYPE ticket_state AS ENUM ('new', 'won''t fix', 'done');
-- A domain over an enum: a type of its own, not a second enum.
CREATE DOMAIN open_state AS ticket_state CHECK (VALUE <> 'done');
CREATE TABLE tickets (id int PRIMARY KEY, title text, state ticket_state NOT NULL DEFAULT 'new', open open_state);
