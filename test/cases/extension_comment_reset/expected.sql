-- comment citext
COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';
