CREATE TABLE t (id int, email text, age int,
  CONSTRAINT t_age_check CHECK (age >= 18),
  CONSTRAINT t_email_id_key UNIQUE (email, id),
  CONSTRAINT t_id_check CHECK (id IS NOT NULL) NO INHERIT,
  CONSTRAINT t_email_nulls UNIQUE NULLS NOT DISTINCT (email));
