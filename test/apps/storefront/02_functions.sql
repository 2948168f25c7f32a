SET search_path = core, public;

CREATE TYPE order_status AS ENUM ('cart', 'placed', 'paid', 'shipped', 'cancelled');
CREATE DOMAIN money_cents AS bigint CHECK (VALUE >= 0);

CREATE FUNCTION normalize_sku(sku text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT upper(regexp_replace(sku, '[^A-Za-z0-9]', '', 'g')) $$;
CREATE FUNCTION is_valid_email(e text) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT e ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' $$;
CREATE FUNCTION new_public_id() RETURNS text LANGUAGE sql VOLATILE
  AS $$ SELECT md5(random()::text || clock_timestamp()::text) $$;
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;

-- A custom aggregate: the product of numbers.
CREATE FUNCTION mul_state(state numeric, v numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(state, 1) * coalesce(v, 1) $$;
CREATE AGGREGATE product(numeric) (SFUNC = mul_state, STYPE = numeric, INITCOND = '1');
