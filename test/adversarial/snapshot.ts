// What a bad input must leave exactly as it was: the target's catalog and rows, and everything
// outside it on the server (databases, roles and their settings, server settings).
import { withClient } from '../../src/db/connect';
import { catalogFingerprint } from '../../src/engine/fingerprint';
import { SCRATCH_PREFIX } from '../../src/engine/devdb';
import { serverUrl } from '../support/db';

export async function snapshot(url: string): Promise<Record<string, unknown>> {
  const server = await withClient(serverUrl(), async (c) => {
    const q = async (sql: string) => (await c.query(sql)).rows;
    return {
      databases: await q(`SELECT datname, datallowconn, datconnlimit FROM pg_database WHERE NOT starts_with(datname, '${SCRATCH_PREFIX}') ORDER BY 1`),
      roles: await q(`SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolbypassrls FROM pg_roles WHERE NOT starts_with(rolname, '${SCRATCH_PREFIX}') ORDER BY 1`),
      roleSettings: await q(`SELECT setdatabase, setrole, setconfig FROM pg_db_role_setting ORDER BY 1, 2`),
      autoConf: await q(`SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf' ORDER BY 1`),
    };
  });
  const target = await withClient(url, async (c) => ({
    catalog: await catalogFingerprint(c),
    rows: (await c.query(`SELECT md5(string_agg(t::text, ',' ORDER BY id)) AS h, count(*) AS n FROM canary t`)).rows[0],
    revisions: (await c.query(`SELECT to_regclass('schemaop.revisions') IS NOT NULL AS has`)).rows[0],
  }));
  return { ...server, ...target };
}
