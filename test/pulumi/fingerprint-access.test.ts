// The Schema resource settles after the access model ran: GRANT, REVOKE and ALTER ... OWNER TO
// rewrite the catalog rows the schema fingerprint reads, yet they are not schema changes.
import { describe, expect, it } from 'vitest';
import { withClient } from '../../src/db/connect';
import { catalogFingerprint } from '../../src/engine/fingerprint';
import { freshDatabase, query } from '../support/db';

const fingerprint = (url: string) => withClient(url, (c) => catalogFingerprint(c));

describe('catalog fingerprint and the access model', () => {
  it('ignores grants, revokes, owners and statistics; sees every schema change', async () => {
    const url = await freshDatabase(`
      CREATE ROLE fp_reader_${process.pid} NOLOGIN;
      CREATE TABLE t (id int PRIMARY KEY, secret text);
      ALTER TABLE t ADD COLUMN flag boolean NOT NULL DEFAULT false;
      CREATE SEQUENCE s;
      CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
      CREATE TYPE mood AS ENUM ('ok');
      INSERT INTO t SELECT g, 'x' FROM generate_series(1, 500) g;`);
    const role = `fp_reader_${process.pid}`;
    const before = await fingerprint(url);
    for (const sql of [
      `GRANT SELECT (id) ON t TO ${role}`,
      `GRANT INSERT, UPDATE ON t TO ${role}`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT USAGE ON SEQUENCE s TO ${role}`,
      `REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC`,
      `REVOKE USAGE ON TYPE mood FROM PUBLIC`,
      `ALTER TABLE t OWNER TO ${role}`,
      `ALTER FUNCTION f() OWNER TO ${role}`,
      `ALTER SCHEMA public OWNER TO ${role}`,
      `ALTER TYPE mood OWNER TO ${role}`,
      'VACUUM ANALYZE t',
    ]) {
      await query(url, sql);
      expect(await fingerprint(url), sql).toBe(before);
    }
    let last = before;
    for (const sql of ['ALTER TABLE t ADD COLUMN note text', 'CREATE INDEX t_note ON t (note)', "COMMENT ON COLUMN t.note IS 'n'", 'ALTER TABLE t ALTER COLUMN flag SET DEFAULT true', "ALTER TYPE mood ADD VALUE 'bad'", 'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$SELECT 2$$']) {
      await query(url, sql);
      const now = await fingerprint(url);
      expect(now, sql).not.toBe(last);
      last = now;
    }
    await query(url, `REASSIGN OWNED BY ${role} TO CURRENT_USER; DROP OWNED BY ${role}; DROP ROLE ${role}`);
  });
});
