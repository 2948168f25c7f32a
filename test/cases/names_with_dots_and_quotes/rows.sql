INSERT INTO "s.x"."par.ent" VALUES (1, 'a', 1);
INSERT INTO "s.x"."chi""ld" VALUES (1, 1, 7);
INSERT INTO public."Tä.b" VALUES (1, 'k');
INSERT INTO public."me.as_2026" VALUES (1, '2026-03-01');
