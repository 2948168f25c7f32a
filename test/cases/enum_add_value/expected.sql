-- add_enum_value public.status (pre)
ALTER TYPE public.status ADD VALUE IF NOT EXISTS 'archived' AFTER 'done';
