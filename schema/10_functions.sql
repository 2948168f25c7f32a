-- Shared functions used by every domain.

-- Keeps updated_at current: attached as a BEFORE UPDATE row trigger to every table that has
-- an updated_at column.
CREATE OR REPLACE FUNCTION set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION set_updated_at() IS 'Trigger function: sets NEW.updated_at to now() on every UPDATE.';
