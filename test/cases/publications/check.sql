SELECT (SELECT count(*) FROM pg_publication_tables WHERE pubname = 'cdc') = 2
   AND NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'old_feed')
   AND (SELECT pubviaroot FROM pg_publication WHERE pubname = 'ticks_feed')
   AND (SELECT rowfilter FROM pg_publication_tables WHERE pubname = 'cdc' AND tablename = 'orders') IS NOT NULL
   AND (SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = 'cdc') = 'orders for the warehouse' AS ok;
