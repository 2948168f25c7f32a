CREATE TABLE log (msg text);
CREATE PROCEDURE p1(m text) LANGUAGE sql AS $$ INSERT INTO log VALUES (upper(m)) $$;
CREATE PROCEDURE p_new(INOUT n int) LANGUAGE plpgsql AS $$ BEGIN n := n + 1; END $$;
