CREATE TABLE parent (id int PRIMARY KEY, tenant int NOT NULL, UNIQUE (tenant, id));
CREATE TABLE child (id int, tenant int NOT NULL, parent_id int, email text,
  CONSTRAINT child_parent FOREIGN KEY (tenant, parent_id) REFERENCES parent (tenant, id) MATCH FULL ON DELETE SET NULL (parent_id) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT child_email UNIQUE NULLS NOT DISTINCT (email),
  CONSTRAINT child_id_positive CHECK (id > 0) NO INHERIT);
CREATE UNIQUE INDEX child_tenant_email ON child (tenant, email) NULLS NOT DISTINCT;
