// What a bad input must leave exactly as it was: the target's catalog and rows, and everything
// outside it on the server (databases, roles and their settings, server settings).
import { withClient } from '../../src/db/connect';
import { catalogFingerprint } from '../../src/engine/fingerprint';
import { SCRATCH_PREFIX } from '../../src/engine/devdb';
import { databaseOf } from '../../src/db/url';
import { serverUrl } from '../support/db';

// Other test files run at the same time on the same server and make and drop their own scratch
// databases and dev roles (schemaop_dev_*), test databases (freshDatabase: <prefix>_<10 hex>) and
// roles named after them (<database>_app, changed by hand in the access drift tests); those are
// left out, except the target's own. Anything else that appears, changes or goes is kept.
const TEST_DB = /^[a-z0-9]+_[0-9a-f]{10}$/;

export async function snapshot(url: string): Promise<Record<string, unknown>> {
  const self = databaseOf(url);
  const server = await withClient(serverUrl(), async (c) => {
    const q = async (sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows;
    const keptDb = `(NOT starts_with(d.datname, '${SCRATCH_PREFIX}') AND (d.datname = $1 OR d.datname !~ '${TEST_DB.source}'))`;
    const keptRole = `(NOT starts_with(r.rolname, '${SCRATCH_PREFIX}') AND (starts_with(r.rolname, $1 || '_') OR r.rolname !~ '${TEST_DB.source.replace('$', '_')}'))`;
    return {
      databases: await q(`SELECT d.datname, d.datallowconn, d.datconnlimit FROM pg_database d WHERE ${keptDb} ORDER BY 1`, [self]),
      roles: await q(`SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin, r.rolbypassrls FROM pg_roles r WHERE ${keptRole} ORDER BY 1`, [self]),
      // By name, not OID; settings of a transient database or role are left out with it.
      roleSettings: await q(
        `SELECT d.datname, r.rolname, s.setconfig FROM pg_db_role_setting s
           LEFT JOIN pg_database d ON d.oid = s.setdatabase LEFT JOIN pg_roles r ON r.oid = s.setrole
          WHERE (s.setdatabase = 0 OR ${keptDb}) AND (s.setrole = 0 OR ${keptRole})
          ORDER BY 1 NULLS FIRST, 2 NULLS FIRST`,
        [self],
      ),
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
