-- drop_constraint public.authors.authors_favourite
alter table "public"."authors" drop constraint "authors_favourite";

-- drop_constraint public.books.books_author_fkey
alter table "public"."books" drop constraint "books_author_fkey";

-- drop_table public.authors (deletes data)
drop table "public"."authors";

-- drop_table public.books (deletes data)
drop table "public"."books";
