INSERT INTO child (name, extra) VALUES ('a', 'b');
