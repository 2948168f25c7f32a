SELECT NOT (SELECT relispopulated FROM pg_class WHERE relname = 'volume_by_symbol')
   AND (SELECT relispopulated FROM pg_class WHERE relname = 'symbols')
   AND (SELECT count(*) FROM symbols) = 2 AS ok;
