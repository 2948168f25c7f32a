CREATE TABLE metrics (id int PRIMARY KEY, level varchar(20) DEFAULT 'unknown', recorded timestamptz DEFAULT now(), kind varchar(10) DEFAULT 'b');
