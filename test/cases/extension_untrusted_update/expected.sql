-- create_extension pageinspect
create extension if not exists "pageinspect" with schema "public" version '1.12';

-- alter_extension amcheck
alter extension "amcheck" update to '1.4';

-- comment pageinspect
COMMENT ON EXTENSION pageinspect IS 'low-level page views';
