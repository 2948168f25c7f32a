-- create_enum public.st
create type "public"."st" as enum ('a', 'b');

-- create_sequence public.posts_id_seq
create sequence "public"."posts_id_seq" AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1 NO CYCLE;

-- create_table public.posts
create table "public"."posts" (
    "id" integer not null default nextval('posts_id_seq'::regclass),
    "user_id" bigint not null,
    "body" text,
    CONSTRAINT posts_pkey PRIMARY KEY (id)
      );

-- create_table public.users
create table "public"."users" (
    "id" bigint generated always as identity not null,
    "email" text not null,
    "st" st default 'a'::st,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
      );

-- alter_sequence public.posts_id_seq
alter sequence "public"."posts_id_seq" owned by "public"."posts"."id";

-- create_index public.posts_user
CREATE INDEX posts_user ON public.posts USING btree (user_id);

-- add_constraint public.posts.posts_user_id_fkey
ALTER TABLE public.posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

-- create_view public.user_posts
create or replace view "public"."user_posts" as  SELECT u.email,
    count(p.*) AS n
   FROM (users u
     LEFT JOIN posts p ON ((p.user_id = u.id)))
  GROUP BY u.email;
