-- create_materialized_view public.symbols
create materialized view "public"."symbols" as  SELECT DISTINCT symbol
   FROM trades;

-- create_materialized_view public.volume_by_symbol
create materialized view "public"."volume_by_symbol" as  SELECT symbol,
    sum(qty) AS qty
   FROM trades
  GROUP BY symbol
WITH NO DATA;
