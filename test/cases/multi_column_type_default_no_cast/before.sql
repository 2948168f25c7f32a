CREATE TABLE settings (id int PRIMARY KEY, level text DEFAULT 'high', flag text DEFAULT 'yes');
