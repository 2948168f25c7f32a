CREATE TABLE authors (id int PRIMARY KEY, favourite_book int);
CREATE TABLE books (id int PRIMARY KEY, author int REFERENCES authors (id));
ALTER TABLE authors ADD CONSTRAINT authors_favourite FOREIGN KEY (favourite_book) REFERENCES books (id);
CREATE TABLE shelves (id int PRIMARY KEY);
