-- drop_trigger public.t.t_trg
drop trigger if exists "t_trg" on "public"."t";

-- drop_function public.trg()
drop function if exists "public"."trg"();

-- create_function public.trg2
CREATE OR REPLACE FUNCTION public.trg2()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$ BEGIN RETURN NEW; END $function$;

-- create_trigger public.t.t_trg
CREATE TRIGGER t_trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION trg2('arg');
