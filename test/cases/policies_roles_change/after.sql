CREATE TABLE docs (id int, owner name, public bool);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON docs FOR UPDATE USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY read_public ON docs AS RESTRICTIVE FOR SELECT TO PUBLIC USING (public OR owner = current_user);
