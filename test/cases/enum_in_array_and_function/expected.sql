-- add_enum_value s.color (pre)
ALTER TYPE s.color ADD VALUE IF NOT EXISTS 'yellow' AFTER 'red';

-- add_enum_value s.color (pre)
ALTER TYPE s.color ADD VALUE IF NOT EXISTS 'blue' AFTER 'green';
