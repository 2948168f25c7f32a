CREATE TABLE old_t (id int);
CREATE TABLE keep (id int);
