-- alter_sequence public.s1
alter sequence "public"."s1" owned by "public"."t"."id";

-- alter_sequence public.s1
ALTER SEQUENCE public.s1 INCREMENT BY 10 MINVALUE 50 START WITH 100 CACHE 20 CYCLE RESTART WITH 100;

-- alter_sequence public.s2
ALTER SEQUENCE public.s2 AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1 NO CYCLE;
