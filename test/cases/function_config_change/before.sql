CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql SET search_path = public SET work_mem = '64MB' AS $$ BEGIN RETURN 1; END $$;
CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$ BEGIN RETURN 1; END $$;
