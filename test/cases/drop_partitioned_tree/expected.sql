-- drop_table public.measures_2025_zero (deletes data)
drop table "public"."measures_2025_zero";

-- drop_table public.measures_2025 (deletes data)
drop table "public"."measures_2025";

-- drop_table public.measures_2026 (deletes data)
drop table "public"."measures_2026";

-- drop_table public.measures (deletes data)
drop table "public"."measures";
