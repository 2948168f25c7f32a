-- set_storage public.t.body
ALTER TABLE public.t ALTER COLUMN body SET STORAGE EXTERNAL;

-- set_statistics public.t.doc
ALTER TABLE public.t ALTER COLUMN doc SET STATISTICS 500;
