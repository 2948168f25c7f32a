// A production-shaped target: the admin login is not a superuser (LOGIN CREATEROLE CREATEDB, a member
// of the provider's admin role, owner of the database), as on RDS, Cloud SQL, Azure, Neon. The real
// `schemaop` command runs as that admin on a copy of this repository's schema/, seeds/ and access/,
// as a user runs it. The server logs every DDL statement (log_statement = ddl, as managed servers
// often do) and has its own cluster, so that `--env prod` role names (cluster-wide) are this
// file's alone.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent, quoteLiteral, withClient } from '../../src/db/connect';
import * as embedded from '../../src/db/embedded';
import { desiredAccess, dropAccess, loadAccessModel } from '../../src/access';
import { scramVerifier } from '../../src/engine/devdb';
import { loadDesiredSchema } from '../../src/engine/source';
import { schemaop } from '../support/cli';
import { freePort } from '../support/ports';
import { query } from '../support/db';
import { project, Project } from '../seeds/project';
import { CloudAdmin, cloudAdmin } from './cloud-admin';
import { as } from '../access/login-as';

let dir: string;
let serverUrl: string;
const serverLog = () => fs.readFile(path.join(dir, 'data', 'server.log'), 'utf8');

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-production-'));
  await fs.chmod(dir, 0o755);
  ({ url: serverUrl } = await embedded.start({ dir, port: await freePort(), settings: { fsync: 'off', synchronous_commit: 'off', log_statement: 'ddl' } }));
});

afterAll(async () => {
  if (dir) await embedded.stop({ dir }).catch(() => undefined);
});


describe('a non-superuser admin login on a managed server', () => {
  let admin: CloudAdmin;
  let pr: Project;
  const run = (cmd: string, ...args: string[]) => schemaop([cmd, '--env', 'prod', '--url', admin.url, '--schema', pr.schemaDir, '-q', ...args]);

  beforeAll(async () => {
    admin = await cloudAdmin(serverUrl);
    pr = await project({}, { copy: ['schema', 'seeds', 'access'] });
  });

  it('applies the repository first time, showing the membership it grants itself; then "No changes" and no drift', async () => {
    expect(await query(admin.url, `SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`)).toEqual([{ rolsuper: false, rolcreaterole: true, rolcreatedb: true }]);
    const planned = await run('plan');
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(2);
    // The one membership the admin needs, as a planned statement with its reason.
    expect(planned.stdout).toContain(
      `GRANT "prod_migrator" TO "${admin.name}" WITH INHERIT TRUE, SET TRUE; -- ${admin.name} is no superuser: it becomes a member of prod_migrator to give it ownership (SET) and to change and grant what it owns (INHERIT); PostgreSQL 16+ gives the creator of a role only ADMIN on it`,
    );
    expect(planned.stdout).toContain('ALTER SCHEMA "public" OWNER TO "prod_migrator";');

    const first = await run('apply', '--auto-approve');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Applied revision 1/);

    const second = await run('apply', '--auto-approve');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes');
    const drift = await run('drift');
    expect(drift.stdout).toContain('No drift');
    expect(drift.code).toBe(0);

    // What it holds now: exactly that membership, nothing a superuser would have to give.
    expect(await query(admin.superUrl, `SELECT g.rolname AS role, m.inherit_option AS inherit, m.set_option AS set FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = $1::regrole AND (m.inherit_option OR m.set_option) ORDER BY 1`, [admin.name])).toEqual([
      { role: admin.provider, inherit: true, set: true },
      { role: 'prod_migrator', inherit: true, set: true },
    ]);
    expect(await query(admin.superUrl, `SELECT pg_get_userbyid(relowner) AS owner, count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace GROUP BY 1`)).toEqual([{ owner: 'prod_migrator', n: expect.any(Number) }]);
    // The scratch database's role went with its database.
    expect(await query(admin.superUrl, `SELECT rolname FROM pg_roles WHERE rolname LIKE 'schemaop_dev_%'`)).toEqual([]);
  });

  it("the services work through their groups; the admin's later schema edit applies", async () => {
    const pw = 'svc-' + admin.password;
    // The platform's logins (made by the admin, as the platform would).
    await query(admin.url, `CREATE ROLE prod_svc_credentials LOGIN PASSWORD ${quoteLiteral(pw)} IN ROLE prod_credentials; CREATE ROLE prod_svc_web LOGIN PASSWORD ${quoteLiteral(pw)} IN ROLE prod_app`);
    await query(admin.url, `INSERT INTO users (cognito_user_id) VALUES ('u1')`);
    expect(await as(admin.url, 'prod_svc_web', pw, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 1 }]);
    expect(await as(admin.url, 'prod_svc_web', pw, 'SELECT api_key_encrypted FROM user_credentials')).toEqual(expect.stringMatching(/permission denied/));
    expect(await as(admin.url, 'prod_svc_credentials', pw, 'SELECT api_key_encrypted FROM user_credentials')).toEqual([]);
    expect((await run('drift')).code).toBe(0);

    // A schema edit later alters tables prod_migrator owns: the admin acts with its privileges.
    await pr.write('schema/99_audit.sql', 'CREATE TABLE audit_note (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text NOT NULL);\nALTER TABLE users ADD COLUMN audit_note_id bigint;\n');
    const edit = await run('apply', '--auto-approve');
    expect(edit.stderr).toBe('');
    expect(edit.code).toBe(0);
    expect(await query(admin.superUrl, `SELECT pg_get_userbyid(relowner) AS o FROM pg_class WHERE relname = 'audit_note'`)).toEqual([{ o: 'prod_migrator' }]);
    expect((await run('apply', '--auto-approve')).stdout).toContain('No changes');
  });

  it('hand changes: what the admin may revoke is revoked; what another grantor gave is drift it reports and cannot undo, never a failed apply', async () => {
    const pw = 'x-' + admin.password;
    // By the admin (an operator with the admin's password): logins added to managed groups.
    await query(admin.url, `CREATE ROLE svc_app LOGIN PASSWORD ${quoteLiteral(pw)}; GRANT prod_credentials TO svc_app; GRANT prod_migrator TO svc_app`);
    // By the superuser (the provider, or a former operator): another grantor.
    await query(admin.superUrl, `CREATE ROLE svc_other LOGIN; GRANT prod_credentials TO prod_app; GRANT prod_credentials TO svc_other; GRANT SELECT ON user_credentials TO svc_other`);
    // A grant option passed on: svc_other grants what it was given WITH GRANT OPTION.
    await query(admin.superUrl, `GRANT SELECT ON exchanges TO svc_other WITH GRANT OPTION; SET ROLE svc_other; GRANT SELECT ON exchanges TO svc_app; RESET ROLE`);
    expect(await as(admin.url, 'svc_app', pw, 'SELECT api_key_encrypted FROM user_credentials')).toEqual([]);

    const drift = await run('drift');
    expect(drift.code).toBe(7);
    const me = admin.name;
    for (const line of [
      'svc_app is a member of prod_credentials, not declared under members (members: prod_svc_credentials)',
      `next apply: REVOKE "prod_credentials" FROM "svc_app" GRANTED BY "${me}" CASCADE;`,
      'svc_app is a member of prod_migrator, not declared under members',
      'svc_other has SELECT on table public.user_credentials, not declared',
      'svc_other has SELECT (WITH GRANT OPTION) on table public.exchanges, not declared',
      'next apply: REVOKE SELECT ON TABLE "public"."exchanges" FROM "svc_other" CASCADE;',
      'svc_app has SELECT on table public.exchanges, not declared',
      `role prod_app is a member of prod_credentials, not declared; ${me} cannot change it: it was granted by postgres, and only a role with the privileges of postgres may revoke it (${me} is not a member of postgres)`,
      `next apply: -- not run as ${me}: REVOKE "prod_credentials" FROM "prod_app" GRANTED BY "postgres" CASCADE;`,
      `svc_other is a member of prod_credentials, not declared under members (members: prod_svc_credentials); ${me} cannot change it: it was granted by postgres`,
    ])
      expect(drift.stdout).toContain(line);

    const applied = await run('apply', '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`warning: role prod_app is a member of prod_credentials, not declared; ${me} cannot change it`);
    expect(await as(admin.url, 'svc_app', pw, 'SELECT api_key_encrypted FROM user_credentials')).toEqual(expect.stringMatching(/permission denied/));
    // svc_other's own grant is gone (it still reads through prod_credentials, which only postgres may take back).
    expect(await query(admin.superUrl, `SELECT pg_has_role('svc_app', 'prod_migrator', 'MEMBER') AS m, (SELECT count(*)::int FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = 'user_credentials'::regclass AND a.grantee = 'svc_other'::regrole) AS s`)).toEqual([{ m: false, s: 0 }]);
    expect(await query(admin.superUrl, `SELECT count(*)::int AS n FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = 'exchanges'::regclass AND a.grantee IN ('svc_other'::regrole, 'svc_app'::regrole)`)).toEqual([{ n: 0 }]);
    // Still visible: the two grants only postgres may revoke.
    const after = await run('drift');
    expect(after.code).toBe(7);
    expect(after.stdout).toContain('grants and roles (2):');

    // Once the other grantor revokes its grants, everything is clean again.
    await query(admin.superUrl, `REVOKE prod_credentials FROM prod_app, svc_other`);
    expect((await run('drift')).code).toBe(0);
  });
});

describe('what a non-superuser admin cannot do is refused at plan time, naming the privilege', () => {
  it('a declared attribute it cannot give, a table owned by a role it neither belongs to nor administers', async () => {
    const admin = await cloudAdmin(serverUrl, 'refuse');
    const access = (attrs: string) => `roles:\n  owner:\n    name: "{database}_own"\n    owner: true\n  reader:\n    name: "{database}_reader"\n${attrs}grants:\n  - {roles: [reader], tables: "*", privileges: [SELECT]}\n`;
    const p = await project({ 'schema/10.sql': 'CREATE TABLE t (id int);\n', 'access/access.yaml': access('    bypassrls: true\n    replication: true\n') });
    const plan = (pr: Project) => schemaop(['plan', '--env', 'prod', '--url', admin.url, '--schema', pr.schemaDir, '-q']);
    const refused = await plan(p);
    expect(refused.code).toBe(9);
    expect(refused.stderr).toContain(`the connecting role ${admin.name} may not do what access/access.yaml asks; nothing was changed`);
    expect(refused.stderr).toContain(`access/access.yaml:6:11: roles.reader.replication: creating ${admin.database}_reader with REPLICATION needs REPLICATION (PostgreSQL 16+: only a role that has it may give it), which ${admin.name} does not have`);
    expect(refused.stderr).toContain(`roles.reader.bypassrls: creating ${admin.database}_reader with BYPASSRLS needs BYPASSRLS`);

    // A table made by someone else's role: ownership passes only from a role the admin acts as.
    await query(admin.superUrl, `CREATE ROLE ${quoteIdent(admin.database + '_legacy')}; CREATE TABLE t (id int); ALTER TABLE t OWNER TO ${quoteIdent(admin.database + '_legacy')}`);
    await p.write('access/access.yaml', access(''));
    const owned = await plan(p);
    expect(owned.code).toBe(9);
    expect(owned.stderr).toContain(`transferring table public.t from ${admin.database}_legacy to ${admin.database}_own needs the privileges of ${admin.database}_legacy: ${admin.name} is not a member of ${admin.database}_legacy and has no ADMIN OPTION on it`);
    expect(await query(admin.superUrl, `SELECT rolname FROM pg_roles WHERE rolname = $1`, [`${admin.database}_own`])).toEqual([]);
    // The Pulumi layer's desired state is refused the same way (a preview fails, not the update after it).
    await withClient(admin.url, async (c) => {
      const model = (await loadAccessModel(c, { dir: path.join(p.root, 'access') }, await loadDesiredSchema(p.schemaDir)))!;
      await expect(desiredAccess(c, model)).rejects.toMatchObject({ exitCode: 9, message: expect.stringContaining(`transferring table public.t from ${admin.database}_legacy`) });
    });

    // A role the admin created (it holds ADMIN on it): it becomes a member, shown, and takes the table over.
    await query(admin.superUrl, `DROP TABLE t`);
    await query(admin.url, `CREATE ROLE ${quoteIdent(admin.database + '_mine')}`);
    await query(admin.superUrl, `CREATE TABLE t (id int); ALTER TABLE t OWNER TO ${quoteIdent(admin.database + '_mine')}`);
    const mine = await plan(p);
    expect(mine.stdout).toContain(`GRANT "${admin.database}_mine" TO "${admin.name}" WITH INHERIT TRUE, SET FALSE; -- ${admin.name} becomes a member of ${admin.database}_mine (INHERIT, no SET) to transfer what ${admin.database}_mine owns (table public.t) to ${admin.database}_own`);
    const applied = await schemaop(['apply', '--env', 'prod', '--url', admin.url, '--schema', p.schemaDir, '-q', '--auto-approve']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(await query(admin.superUrl, `SELECT pg_get_userbyid(relowner) AS o FROM pg_class WHERE relname = 't'`)).toEqual([{ o: `${admin.database}_own` }]);
  });
});

describe('the scratch role of a plan on the target server', () => {
  it('is created with a SCRAM verifier: the server log never holds its password, and it logs in', async () => {
    const admin = await cloudAdmin(serverUrl, 'scram');
    const p = await project({ 'schema/10.sql': 'CREATE TABLE t (id int PRIMARY KEY, note text);\n' });
    const before = (await serverLog()).length;
    const planned = await schemaop(['plan', '--env', 'prod', '--url', admin.url, '--schema', p.schemaDir, '--dev-url', 'target', '-q']);
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(2);
    const log = (await serverLog()).slice(before);
    const created = log.split('\n').filter((l) => /statement: CREATE ROLE "schemaop_dev_/.test(l));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/ PASSWORD 'SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+'$/);

    // The verifier of a known password: stored as is, the password logs in, the log holds only the verifier.
    const password = `pw-${admin.password}`;
    const verifier = scramVerifier(password);
    const mark = (await serverLog()).length;
    await query(admin.url, `CREATE ROLE ${quoteIdent(admin.database + '_login')} LOGIN PASSWORD ${quoteLiteral(verifier)}`);
    expect(await as(admin.url, `${admin.database}_login`, password, 'SELECT current_user AS u')).toEqual([{ u: `${admin.database}_login` }]);
    expect(await as(admin.url, `${admin.database}_login`, password + 'x', 'SELECT 1')).toEqual(expect.stringMatching(/authentication failed/));
    const tail = (await serverLog()).slice(mark);
    expect(tail).toContain(verifier);
    expect(tail).not.toContain(password);
    expect(await query(admin.superUrl, `SELECT rolpassword = $2 AS same FROM pg_authid WHERE rolname = $1`, [`${admin.database}_login`, verifier])).toEqual([{ same: true }]);
  });
});

describe('destroy by a non-superuser admin', () => {
  it('drops the declared roles it created, handing the objects to itself; no table is dropped', async () => {
    const admin = await cloudAdmin(serverUrl, 'destroy');
    const p = await project({ 'schema/10.sql': 'CREATE TABLE t (id int);\n', 'access/access.yaml': 'roles:\n  owner: {name: "{database}_own", owner: true}\n  reader: {name: "{database}_read"}\ngrants:\n  - {roles: [reader], tables: "*", privileges: [SELECT]}\n' });
    const applied = await schemaop(['apply', '--env', 'prod', '--url', admin.url, '--schema', p.schemaDir, '-q', '--auto-approve']);
    expect(applied.stderr).toBe('');
    await withClient(admin.url, async (c) => {
      const access = (await loadAccessModel(c, { dir: path.join(p.root, 'access') }, await loadDesiredSchema(p.schemaDir)))!;
      const ran = await dropAccess(c, access);
      expect(ran.map((x) => x.sql)).toContain(`GRANT "${admin.database}_read" TO "${admin.name}" WITH INHERIT TRUE, SET FALSE`);
    });
    expect(await query(admin.superUrl, `SELECT rolname FROM pg_roles WHERE rolname = ANY($1)`, [[`${admin.database}_own`, `${admin.database}_read`]])).toEqual([]);
    expect(await query(admin.superUrl, `SELECT pg_get_userbyid(relowner) AS o FROM pg_class WHERE relname = 't'`)).toEqual([{ o: admin.name }]);
  });
});
