INSERT INTO p VALUES (1, 'abc', ARRAY['d', 'e']::code[]);
INSERT INTO plain VALUES ('zz');
