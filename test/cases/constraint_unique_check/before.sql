CREATE TABLE t (id int, email text, age int, CONSTRAINT t_age_check CHECK (age > 0), CONSTRAINT t_email_key UNIQUE (email));
