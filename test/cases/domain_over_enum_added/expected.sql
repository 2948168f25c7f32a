-- create_enum public.ticket_state
create type "public"."ticket_state" as enum ('new', 'won''t fix', 'done');

-- create_domain public.open_state
CREATE DOMAIN public.open_state AS ticket_state;

-- alter_domain public.open_state
ALTER DOMAIN public.open_state ADD CONSTRAINT open_state_check CHECK ((VALUE <> 'done'::ticket_state));

-- add_column public.tickets.open
alter table "public"."tickets" add column "open" open_state;

-- add_column public.tickets.state
alter table "public"."tickets" add column "state" ticket_state not null default 'new'::ticket_state;
