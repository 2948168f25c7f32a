INSERT INTO "My Schema"."User" VALUES (1, 'a', 2);
