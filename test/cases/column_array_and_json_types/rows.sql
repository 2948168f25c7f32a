INSERT INTO t (id, tags, data, ip) VALUES (1, '{a,b}', '{"a":1}', '10.0.0.0/8');
