-- drop_trigger public.t.t_trg
drop trigger if exists "t_trg" on "public"."t";

-- create_trigger public.t.t_trg
CREATE TRIGGER t_trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION trg();

-- disable_trig public.t.t_trg
ALTER TABLE "public"."t" DISABLE TRIGGER "t_trg";

-- set_options public.t.c
ALTER TABLE public.t ALTER COLUMN c SET (n_distinct=5);

-- set_statistics public.t.d
ALTER TABLE public.t ALTER COLUMN d SET STATISTICS 500;

-- set_storage public.tp.b
ALTER TABLE public.tp ALTER COLUMN b SET STORAGE EXTERNAL;

-- reset_options public.tp.a
ALTER TABLE public.tp ALTER COLUMN a RESET (n_distinct);
