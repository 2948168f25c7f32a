-- create_sequence public.s_new
create sequence "public"."s_new" AS smallint INCREMENT BY 1 MINVALUE 1 MAXVALUE 32767 START WITH 3 CACHE 1 NO CYCLE;

-- drop_sequence public.s_old (deletes data)
drop sequence if exists "public"."s_old";

-- alter_sequence public.s1
ALTER SEQUENCE public.s1 INCREMENT BY 10 START WITH 100 CACHE 20;

-- alter_sequence public.s2
ALTER SEQUENCE public.s2 INCREMENT BY 1 MINVALUE 1 MAXVALUE 5000 START WITH 1 NO CYCLE;

-- alter_sequence public.s3
ALTER SEQUENCE public.s3 AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1 NO CYCLE;
