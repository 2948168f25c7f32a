-- drop_trigger public.t.t_old
drop trigger if exists "t_old" on "public"."t";

-- drop_trigger public.t.t_dis
drop trigger if exists "t_dis" on "public"."t";

-- drop_trigger public.t.t_touch
drop trigger if exists "t_touch" on "public"."t";

-- create_function public.touch
CREATE OR REPLACE FUNCTION public.touch()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$ BEGIN NEW.updated_at := clock_timestamp(); RETURN NEW; END $function$;

-- create_trigger public.t.t_con
CREATE CONSTRAINT TRIGGER t_con AFTER INSERT ON public.t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit();

-- create_trigger public.t.t_new
CREATE TRIGGER t_new AFTER TRUNCATE ON public.t FOR EACH STATEMENT EXECUTE FUNCTION audit();

-- create_trigger public.t.t_dis
CREATE TRIGGER t_dis AFTER DELETE ON public.t FOR EACH ROW EXECUTE FUNCTION audit();

-- disable_trig public.t.t_dis
ALTER TABLE "public"."t" DISABLE TRIGGER "t_dis";

-- create_trigger public.t.t_touch
CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE OF id ON public.t FOR EACH ROW WHEN ((new.id IS NOT NULL)) EXECUTE FUNCTION touch();
