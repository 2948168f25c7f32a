-- alter_sequence public.s1
alter sequence "public"."s1" owned by "public"."t"."other";

-- alter_sequence public.s2
alter sequence "public"."s2" owned by none;
