-- add_enum_value public.status (pre)
ALTER TYPE public.status ADD VALUE IF NOT EXISTS 'draft' BEFORE 'new';

-- add_enum_value public.status (pre)
ALTER TYPE public.status ADD VALUE IF NOT EXISTS 'in_progress' AFTER 'new';
