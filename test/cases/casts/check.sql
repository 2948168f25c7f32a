SELECT ('3.50 EUR'::text::price)::text = '3.50 EUR'
   AND NOT EXISTS (SELECT 1 FROM pg_cast WHERE castsource = 'mood'::regtype)
   AND (SELECT castcontext FROM pg_cast WHERE castsource = 'text'::regtype AND casttarget = 'price'::regtype) = 'a'
   AND (SELECT obj_description(oid, 'pg_cast') FROM pg_cast WHERE castsource = 'text'::regtype AND casttarget = 'price'::regtype) = 'parses "3.50 EUR"' AS ok;
