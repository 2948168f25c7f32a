-- create_rule public.t.t_log
CREATE RULE t_log AS
    ON INSERT TO public.t DO  INSERT INTO log (id)
  VALUES (new.id);
