-- set_rel_options public.v
ALTER VIEW public.v SET (security_barrier=true, check_option=cascaded);

-- set_rel_options public.w
ALTER VIEW public.w SET (security_invoker=true);

-- reset_rel_options public.u
ALTER VIEW public.u RESET (security_invoker);
