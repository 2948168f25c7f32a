-- create_view public.v
create or replace view "public"."v" as  SELECT id
   FROM t;

-- create_function public.vins
CREATE OR REPLACE FUNCTION public.vins()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$ BEGIN INSERT INTO t VALUES (NEW.id); RETURN NEW; END $function$;

-- create_trigger public.t.t_ins
CREATE TRIGGER t_ins AFTER INSERT ON public.t REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION stmt();

-- create_trigger public.v.v_ins
CREATE TRIGGER v_ins INSTEAD OF INSERT ON public.v FOR EACH ROW EXECUTE FUNCTION vins();
