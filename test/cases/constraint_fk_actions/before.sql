CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE);
CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id), p_code text, x int);
