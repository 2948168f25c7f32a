SELECT (SELECT c::text FROM p WHERE id = 1) = 'abc' AND (SELECT cs::text FROM p WHERE id = 1) = '{d,e}' AND (SELECT c::text FROM plain) = 'zz' AS ok;
