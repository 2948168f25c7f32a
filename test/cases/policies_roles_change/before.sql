CREATE TABLE docs (id int, owner name, public bool);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON docs FOR ALL USING (owner = current_user);
