CREATE TABLE "event archive" (
    id integer,
    version integer NOT NULL DEFAULT 0,
    kind text NOT NULL DEFAULT ''
) PARTITION BY LIST (kind);
CREATE TABLE "event log 2024" PARTITION OF "event archive" FOR VALUES IN ('a');
CREATE FUNCTION "bump version"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.version = OLD.version + 1; RETURN NEW; END $$;
CREATE TRIGGER "bump" BEFORE UPDATE ON "event archive" FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "bump version"();
CREATE TRIGGER "bump partition" BEFORE UPDATE ON "event log 2024" FOR EACH ROW EXECUTE FUNCTION "bump version"();
