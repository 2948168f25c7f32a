CREATE SCHEMA checks;
CREATE EXTENSION amcheck WITH SCHEMA checks;
CREATE EXTENSION pageinspect;
COMMENT ON EXTENSION pageinspect IS 'low-level page views';
