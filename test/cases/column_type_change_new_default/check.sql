SELECT (SELECT level FROM metrics) = '5' AND (SELECT extract(epoch FROM recorded)::bigint FROM metrics) = 1700000000 AS ok;
