-- drop_trigger public.t.t_touch
drop trigger if exists "t_touch" on "public"."t";

-- create_trigger public.t.t_audit
CREATE CONSTRAINT TRIGGER t_audit AFTER INSERT OR DELETE ON public.t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit();

-- create_trigger public.t.t_stmt
CREATE TRIGGER t_stmt AFTER TRUNCATE ON public.t FOR EACH STATEMENT EXECUTE FUNCTION audit();

-- disable_trig public.t.t_stmt
ALTER TABLE "public"."t" DISABLE TRIGGER "t_stmt";

-- create_trigger public.t.t_touch
CREATE TRIGGER t_touch BEFORE UPDATE OF n ON public.t FOR EACH ROW WHEN ((old.n IS DISTINCT FROM new.n)) EXECUTE FUNCTION touch();
