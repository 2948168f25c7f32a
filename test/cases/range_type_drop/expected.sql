-- drop_type public.floatrange (deletes data)
DROP TYPE public.floatrange;
