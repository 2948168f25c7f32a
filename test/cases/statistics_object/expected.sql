-- create_statistics public.t_ab
CREATE STATISTICS public.t_ab (dependencies) ON a, b FROM t;
