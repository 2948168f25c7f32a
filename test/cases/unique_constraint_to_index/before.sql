CREATE TABLE t (id int, email text CONSTRAINT t_email_key UNIQUE);
