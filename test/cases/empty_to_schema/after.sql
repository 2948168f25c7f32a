CREATE TYPE st AS ENUM ('a', 'b');
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, st st DEFAULT 'a');
CREATE TABLE posts (id serial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE, body text);
CREATE INDEX posts_user ON posts (user_id);
CREATE VIEW user_posts AS SELECT u.email, count(p.*) AS n FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.email;
