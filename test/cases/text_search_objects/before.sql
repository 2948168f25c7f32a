CREATE TEXT SEARCH DICTIONARY simple_d (TEMPLATE = pg_catalog.simple);
CREATE TEXT SEARCH CONFIGURATION old_cfg (COPY = pg_catalog.simple);
