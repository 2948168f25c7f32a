// This repository applied to the cloud-shaped server (test/support/cloud.ts): another PostgreSQL
// major than the embedded one, TLS only, and its admin login no superuser (LOGIN CREATEROLE
// CREATEDB, a member of rds_superuser, owner of `app`), with the URL a user copies from the
// provider (`?sslmode=require`, a certificate nobody verifies). The real `schemaop` command, as CI
// runs it against staging or prod.
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaop } from '../support/cli';
import { CloudServer, cloudServer } from '../support/cloud';
import { query } from '../support/db';
import { project, Project } from '../seeds/project';

describe('schemaop apply --env prod on a managed-shaped server', () => {
  let cloud: CloudServer;
  let pr: Project;
  const run = (cmd: string, ...args: string[]) => schemaop([cmd, '--env', 'prod', '--url', cloud.adminUrl, '--schema', pr.schemaDir, '-q', ...args]);

  beforeAll(async () => {
    cloud = await cloudServer();
    pr = await project({}, { copy: ['schema', 'seeds', 'access'] });
  });

  it('applies schema/, seeds/ and access/ first time, then "No changes", and drift finds nothing', async () => {
    const [me] = await query<{ rolsuper: boolean; ssl: boolean; v: string }>(
      cloud.adminUrl,
      `SELECT r.rolsuper, s.ssl, current_setting('server_version_num') AS v FROM pg_roles r, pg_stat_ssl s WHERE r.rolname = current_user AND s.pid = pg_backend_pid()`,
    );
    expect(me).toMatchObject({ rolsuper: false, ssl: true });
    expect(Math.floor(Number(me.v) / 10_000)).toBe(cloud.major);

    const first = await run('apply', '--auto-approve');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Applied revision \d+/);
    const again = await run('apply', '--auto-approve');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('No changes');
    const drift = await run('drift');
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    expect(drift.stdout).toContain('No drift');
    for (const r of [first, again, drift]) expect(r.stdout + r.stderr).not.toContain(cloud.adminPassword);

    // The schema is the migrator's, and no scratch role or database was left on the server.
    expect(await query(cloud.superuserUrl, `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace`)).toEqual([{ owner: 'prod_migrator' }]);
    expect(await query(cloud.superuserUrl, `SELECT rolname FROM pg_roles WHERE rolname LIKE 'schemaop_dev_%' UNION ALL SELECT datname FROM pg_database WHERE datname LIKE 'schemaop_dev_%'`)).toEqual([]);
  });
});
