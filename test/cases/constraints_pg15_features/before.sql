CREATE TABLE parent (id int PRIMARY KEY, tenant int NOT NULL, UNIQUE (tenant, id));
CREATE TABLE child (id int, tenant int NOT NULL, parent_id int, email text, CONSTRAINT child_parent FOREIGN KEY (tenant, parent_id) REFERENCES parent (tenant, id) ON DELETE CASCADE);
