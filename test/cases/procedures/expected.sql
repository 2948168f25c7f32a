-- drop_procedure public.p_old()
drop procedure if exists "public"."p_old"();

-- create_procedure public.p_new
CREATE OR REPLACE PROCEDURE public.p_new(INOUT n integer)
 LANGUAGE plpgsql
AS $procedure$ BEGIN n := n + 1; END $procedure$;

-- create_procedure public.p1
CREATE OR REPLACE PROCEDURE public.p1(IN m text)
 LANGUAGE sql
AS $procedure$ INSERT INTO log VALUES (upper(m)) $procedure$;
