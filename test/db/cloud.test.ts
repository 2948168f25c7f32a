// The cloud-shaped server the production tests run on is what it claims to be: another major than
// the embedded one, TLS only, an admin login that is no superuser.
import { describe, expect, it } from 'vitest';
import { embeddedServerMajor } from '../../src/engine/dev-server';
import { CLOUD_MAJORS, cloudServer } from '../support/cloud';
import { query } from '../support/db';

describe('cloud-shaped server', () => {
  it.each(CLOUD_MAJORS)('PostgreSQL %i: the admin login is shaped like RDS, connections are TLS only', async (major) => {
    const cloud = await cloudServer(major);
    const [version] = await query<{ v: string; ssl: boolean }>(
      cloud.adminUrl,
      "SELECT current_setting('server_version_num') AS v, (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS ssl",
    );
    expect(Math.floor(Number(version.v) / 10_000)).toBe(major);
    expect(major).not.toBe(await embeddedServerMajor());
    expect(version.ssl).toBe(true);
    expect(await query(cloud.superuserUrl, "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_roles WHERE rolname IN ('cloud_admin', 'rds_superuser') ORDER BY 1")).toEqual([
      { rolname: 'cloud_admin', rolsuper: false, rolcreaterole: true, rolcreatedb: true, rolcanlogin: true },
      { rolname: 'rds_superuser', rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: false },
    ]);
    expect(await query(cloud.adminUrl, "SELECT pg_has_role('rds_superuser', 'MEMBER') AS member, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = 'app'")).toEqual([
      { member: true, owner: 'cloud_admin' },
    ]);
    await expect(query(cloud.adminUrl.replace('sslmode=require', 'sslmode=disable'), 'SELECT 1')).rejects.toThrow(/the server requires TLS/);
  });

});
