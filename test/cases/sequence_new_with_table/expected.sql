-- create_sequence public.t_id_seq
create sequence "public"."t_id_seq" AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1000 CACHE 1 NO CYCLE;

-- create_sequence public.u_id_seq
create sequence "public"."u_id_seq";

-- create_table public.t
create table "public"."t" (
    "id" integer not null default nextval('t_id_seq'::regclass)
      );

-- create_table public.u
create table "public"."u" (
    "id" bigint not null default nextval('u_id_seq'::regclass),
    CONSTRAINT u_pkey PRIMARY KEY (id)
      );

-- alter_sequence public.t_id_seq
alter sequence "public"."t_id_seq" owned by "public"."t"."id";

-- alter_sequence public.u_id_seq
alter sequence "public"."u_id_seq" owned by "public"."u"."id";
