-- create_view public.v
create or replace view "public"."v" as  SELECT id,
    n
   FROM t
  WHERE (n > 0);

-- comment public.mv
COMMENT ON MATERIALIZED VIEW public.mv IS 'kept';
