CREATE TABLE settings (id int PRIMARY KEY, level int DEFAULT 3, flag boolean DEFAULT true);
