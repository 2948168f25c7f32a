-- add_column public.pair.c
ALTER TYPE public.pair ADD ATTRIBUTE c integer;
