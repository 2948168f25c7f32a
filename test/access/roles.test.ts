// Role attributes, memberships, database privileges, types and other roles' default privileges on
// a real PostgreSQL: the project's own schema and access/access.yaml applied, services logging in
// as members of the groups (the documented way: the groups stay NOLOGIN), every privilege change
// an operator could make by hand tried, shown to take effect, reported by `drift` and undone by
// the next apply.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../src/db/connect';
import { databaseOf } from '../../src/db/url';
import { apply } from '../../src/engine/apply';
import { plan } from '../../src/engine/plan';
import { loadDesiredSchema } from '../../src/engine/source';
import { drift } from '../../src/drift';
import { applyAccess, desiredAccess, diffAccessState, dropAccess, loadAccessModel, planAccess, readAccess } from '../../src/access';
import { freshDatabase, query } from '../support/db';
import { project, Project } from '../seeds/project';
import { as } from './login-as';


const denied = expect.stringMatching(/^ERROR: .*permission denied/);

describe('roles, memberships and database privileges', () => {
  let url: string;
  let pr: Project;
  let env: string;
  let db: string;
  const pw = randomBytes(9).toString('hex');
  const role = (r: string) => `${env}_${r}`;
  const svc = (r: string) => `${env}_svc_${r}`;

  beforeAll(async () => {
    url = await freshDatabase();
    env = databaseOf(url);
    db = env;
    pr = await project({}, { copy: ['schema', 'seeds', 'access'] });
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    // Service logins, made by the platform: members of one group each.
    for (const r of ['app', 'readonly', 'credentials']) await query(url, `CREATE ROLE "${svc(r)}" LOGIN PASSWORD '${pw}' IN ROLE "${role(r)}"`);
    await query(url, `CREATE ROLE "${svc('nobody')}" LOGIN PASSWORD '${pw}'`);
    await query(url, `INSERT INTO users (cognito_user_id) VALUES ('u1');
      INSERT INTO user_accounts (user_id, account_name) SELECT id, 'main' FROM users;
      INSERT INTO user_credentials (user_account_id, credential_type, api_key_encrypted, secret_key_encrypted) SELECT id, 'alpaca_paper', 'enc-key', 'enc-secret' FROM user_accounts;`);
  });

  it('the declared state reads back through the engine API: live equals desired, nothing to plan, no password', async () => {
    const schema = await loadDesiredSchema(pr.schemaDir);
    await withClient(url, async (c) => {
      const access = (await loadAccessModel(c, { dir: `${pr.root}/access`, env }, schema))!;
      const live = await readAccess(c, access);
      expect(diffAccessState(live, await desiredAccess(c, access))).toEqual([]);
      expect(await planAccess(c, access)).toEqual([]);
      expect(live.roles[role('app')]).toEqual({
        login: false,
        superuser: false,
        createrole: false,
        createdb: false,
        replication: false,
        bypassrls: false,
        inherit: true,
        connectionLimit: -1,
        settings: {},
        memberOf: [],
        comment: 'schemaop: roles.app',
      });
      expect(live.database).toEqual({ [role('app')]: ['CONNECT'], [role('credentials')]: ['CONNECT'], [role('migrator')]: ['CONNECT'], [role('readonly')]: ['CONNECT'] });
      expect(live.owners['type public.message_role']).toBe(role('migrator'));
      expect(live.privileges['type public.message_role']).toBeUndefined();
      expect(JSON.stringify(live)).not.toMatch(/password|md5|SCRAM/i);
    });
  });

  it('PUBLIC has no CONNECT and no TEMP; members of the groups connect; enum types are the migrator\'s and need no USAGE', async () => {
    expect(await as(url, svc('nobody'), pw, 'SELECT 1')).toEqual(expect.stringMatching(/permission denied for database/));
    expect(await as(url, svc('readonly'), pw, 'SELECT count(*)::int AS n FROM exchanges')).toEqual([{ n: expect.any(Number) }]);
    expect(await as(url, svc('app'), pw, 'CREATE TEMP TABLE scratch (id int)')).toEqual(denied);
    expect(await as(url, svc('app'), pw, 'CREATE SCHEMA mine')).toEqual(denied);
    const pub = await query(url, `SELECT a.privilege_type FROM pg_type t, aclexplode(coalesce(t.typacl, acldefault('T', t.typowner))) a WHERE t.typname = 'message_role' AND a.grantee = 0`);
    expect(pub).toEqual([]);
    expect(await as(url, svc('app'), pw, `SELECT 'user'::message_role AS r`)).toEqual([{ r: 'user' }]);
  });

  it('a new column of a credential table is secret until declared readable', async () => {
    const pr2 = await project({}, { copy: ['schema', 'seeds', 'access'] });
    const u2 = await freshDatabase();
    const env2 = databaseOf(u2);
    const f = `${pr2.root}/schema/40_credentials.sql`;
    await pr2.write('schema/40_credentials.sql', (await fs.readFile(f, 'utf8')).replace('nickname             varchar(255),', 'nickname             varchar(255),\n    otp_seed             text,'));
    await apply({ url: u2, schemaDir: pr2.schemaDir, ...pr2.ext(env2) });
    await query(u2, `CREATE ROLE "${env2}_svc" LOGIN PASSWORD '${pw}' IN ROLE "${env2}_readonly", "${env2}_app"`);
    expect(await as(u2, `${env2}_svc`, pw, 'SELECT otp_seed FROM user_credentials')).toEqual(denied);
    expect(await as(u2, `${env2}_svc`, pw, 'SELECT nickname FROM user_credentials')).toEqual([]);
  });

  it('every privilege change made by hand is reported by drift (exit 7) and undone by apply', async () => {
    const ro = role('readonly');
    const app = role('app');
    const changes: [string, RegExp][] = [
      [`ALTER ROLE "${app}" SUPERUSER`, new RegExp(`role ${app} is SUPERUSER`)],
      [`ALTER ROLE "${app}" CREATEROLE`, new RegExp(`role ${app} is CREATEROLE`)],
      [`ALTER ROLE "${app}" CREATEDB`, new RegExp(`role ${app} is CREATEDB`)],
      [`ALTER ROLE "${app}" BYPASSRLS`, new RegExp(`role ${app} is BYPASSRLS`)],
      [`ALTER ROLE "${ro}" REPLICATION`, new RegExp(`role ${ro} is REPLICATION`)],
      [`ALTER ROLE "${ro}" CONNECTION LIMIT 3`, new RegExp(`role ${ro} has CONNECTION LIMIT 3`)],
      [`ALTER ROLE "${app}" SET statement_timeout = '1h'`, new RegExp(`role ${app} has statement_timeout = 1h, not declared`)],
      [`ALTER ROLE "${app}" IN DATABASE "${db}" SET work_mem = '1GB'`, new RegExp(`role ${app} has work_mem = 1GB in database ${db}`)],
      [`GRANT "${role('migrator')}" TO "${ro}"`, new RegExp(`role ${ro} is a member of ${role('migrator')}, not declared`)],
      [`GRANT pg_read_all_data TO "${ro}"`, new RegExp(`role ${ro} is a member of pg_read_all_data, not declared`)],
      [`GRANT CREATE ON DATABASE "${db}" TO "${app}"`, new RegExp(`${app} has CREATE on database ${db}, not declared`)],
      [`GRANT CONNECT, TEMPORARY ON DATABASE "${db}" TO PUBLIC`, new RegExp(`PUBLIC has CONNECT, TEMPORARY on database ${db}`)],
      [`ALTER DEFAULT PRIVILEGES FOR ROLE "${app}" GRANT SELECT ON TABLES TO "${ro}"`, new RegExp(`objects ${app} creates later would give ${ro} SELECT`)],
      [`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO PUBLIC`, /creates later in schema public would give PUBLIC .*SELECT/],
      [`ALTER DEFAULT PRIVILEGES FOR ROLE "${role('migrator')}" GRANT EXECUTE ON FUNCTIONS TO PUBLIC`, new RegExp(`objects ${role('migrator')} creates later would give PUBLIC EXECUTE`)],
      [`GRANT USAGE ON TYPE message_role TO PUBLIC`, /PUBLIC has USAGE on type public.message_role/],
      [`ALTER TYPE message_role OWNER TO CURRENT_USER`, /type public.message_role is owned by/],
      [`GRANT SELECT ON user_credentials TO "${ro}"`, new RegExp(`${ro} has SELECT on table public.user_credentials`)],
      [`GRANT SELECT (api_key_encrypted) ON user_credentials TO "${app}"`, new RegExp(`${app} has SELECT on columns api_key_encrypted of public.user_credentials`)],
      [`ALTER ROLE "${ro}" LOGIN`, new RegExp(`role ${ro} is LOGIN`)],
      // Membership of the declared groups is managed: a login added by hand to the credentials
      // or the migrator role is drift; the app group's members are the platform's (members: external).
      [`GRANT "${role('credentials')}" TO "${svc('nobody')}"`, new RegExp(`^${svc('nobody')} is a member of ${role('credentials')}, not declared under members \\(members: ${svc('credentials')}\\)$`)],
      [`GRANT "${role('migrator')}" TO "${svc('nobody')}"`, new RegExp(`^${svc('nobody')} is a member of ${role('migrator')}, not declared under members$`)],
      [`GRANT "${app}" TO "${svc('nobody')}"`, /^$/],
    ];
    for (const [sql] of changes) await query(url, sql);
    // They took effect: the readonly service reads the encrypted keys through pg_read_all_data.
    expect(await as(url, svc('readonly'), pw, 'SELECT api_key_encrypted FROM user_credentials')).toEqual([{ api_key_encrypted: 'enc-key' }]);
    expect(await as(url, svc('app'), pw, 'CREATE SCHEMA mine')).toEqual([]);
    await query(url, 'DROP SCHEMA mine');
    const r = await drift({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    const details = r.grants.map((g) => g.detail);
    const detected = changes.filter(([, re]) => re.source !== '^$' && details.some((d) => re.test(d)));
    const tried = changes.filter(([, re]) => re.source !== '^$');
    expect(tried.filter((c) => !detected.includes(c)).map(([sql]) => sql)).toEqual([]);
    expect(r.clean).toBe(false);
    expect(JSON.stringify(r)).not.toContain(pw);
    console.log(`privilege changes by hand detected by drift: ${detected.length} / ${tried.length}`);
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    const after = await drift({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    expect(after.grants).toEqual([]);
    expect(await as(url, svc('readonly'), pw, 'SELECT api_key_encrypted FROM user_credentials')).toEqual(denied);
    expect(await as(url, svc('readonly'), pw, 'SELECT nickname FROM user_credentials')).toEqual([{ nickname: null }]);
    expect(await as(url, svc('app'), pw, 'CREATE SCHEMA mine2')).toEqual(denied);
    expect(await as(url, svc('app'), pw, 'SELECT api_key_encrypted FROM user_credentials')).toEqual(denied);
    const attrs = await query(url, `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication, rolconnlimit FROM pg_roles WHERE rolname = ANY($1)`, [[app, ro]]);
    expect(attrs).toEqual([
      { rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, rolreplication: false, rolconnlimit: -1 },
      { rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, rolreplication: false, rolconnlimit: -1 },
    ]);
    expect(await query(url, `SELECT count(*)::int AS n FROM pg_db_role_setting WHERE setrole = $1::regrole`, [app])).toEqual([{ n: 0 }]);
    expect(await query(url, `SELECT count(*)::int AS n FROM pg_default_acl`)).toEqual([{ n: expect.any(Number) }]);
    // The platform's memberships are kept: any login in the app group, the listed credentials service.
    expect(await query(url, `SELECT pg_has_role($1, $2, 'MEMBER') AS m`, [svc('nobody'), app])).toEqual([{ m: true }]);
    expect(await query(url, `SELECT pg_has_role($1, $2, 'MEMBER') AS m`, [svc('credentials'), role('credentials')])).toEqual([{ m: true }]);
    expect(await query(url, `SELECT pg_has_role($1, $2, 'MEMBER') AS c, pg_has_role($1, $3, 'MEMBER') AS m`, [svc('nobody'), role('credentials'), role('migrator')])).toEqual([{ c: false, m: false }]);
  });

  it('refuses a declared role that is the connecting role, an existing superuser or a predefined role; nothing runs', async () => {
    await query(url, `CREATE ROLE "${env}_admin" SUPERUSER LOGIN`);
    const me = (await query<{ u: string }>(url, 'SELECT current_user AS u'))[0].u;
    for (const [name, why] of [
      [me, 'is the role schemaop is connected as'],
      [`${env}_admin`, 'is an existing superuser that schemaop did not create'],
      ['pg_monitor', 'is reserved'],
    ]) {
      const p = await project({ 'schema/10.sql': 'CREATE TABLE t (id int);', 'access/access.yaml': `roles:\n  app: {name: "{database}_app2"}\n  readonly:\n    name: ${name}\n    login: false\n` });
      const err = await plan({ url, schemaDir: p.schemaDir, ...p.ext() }).catch((e) => e);
      expect(err.exitCode).toBe(6);
      expect(err.message).toContain(`access/access.yaml:4:11: roles.readonly.name: ${name} ${why}`);
    }
    expect(await query(url, `SELECT rolcanlogin FROM pg_roles WHERE rolname = $1`, [`${env}_admin`])).toEqual([{ rolcanlogin: true }]);
    const bad = await project({ 'schema/10.sql': 'CREATE TABLE t (id int);', 'access/access.yaml': `roles:\n  app:\n    name: "{database}_app2"\n    member_of: [pg_no_such_role, nobody]\n` });
    const err = await plan({ url, schemaDir: bad.schemaDir, ...bad.ext() }).catch((e) => e);
    expect(err.exitCode).toBe(6);
    expect(err.message).toContain('roles.app.member_of: nobody is neither a declared role nor a predefined pg_* role');
  });

  it('the engine API applies a model in one transaction and drops its roles again (default privileges do not block it)', async () => {
    const u = await freshDatabase();
    const e = databaseOf(u);
    const p = await project({ 'schema/10.sql': "CREATE TABLE t (id int, secret text);\nCREATE TYPE side AS ENUM ('buy', 'sell');\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';", 'access/access.yaml': `roles:\n  owner: {name: "{env}_own", owner: true}\n  reader:\n    name: "{env}_read"\n    member_of: [pg_read_all_stats]\n    members: ["{env}_svc"]\n    settings: {statement_timeout: 5s}\nreadable_columns:\n  t: [id]\ndatabase:\n  privileges: {reader: [CONNECT]}\ngrants:\n  - {roles: [reader], tables: "*", privileges: [SELECT]}\ndefault_privileges:\n  tables: {reader: [SELECT]}\n  sequences: {}\n  functions: {}\n  types: {}\n` });
    const schema = await loadDesiredSchema(p.schemaDir);
    await apply({ url: u, schemaDir: p.schemaDir });
    await withClient(u, async (c) => {
      const access = (await loadAccessModel(c, { dir: `${p.root}/access`, env: e }, schema))!;
      const planned = await planAccess(c, access);
      const firstRevoke = planned.findIndex((x) => x.action.includes('revoke'));
      const lastGrant = planned.map((x) => x.action === 'grant' && !x.columns).lastIndexOf(true);
      expect(firstRevoke === -1 || lastGrant < firstRevoke).toBe(true);
      const { state } = await applyAccess(c, access);
      expect(diffAccessState(state, await readAccess(c, access))).toEqual([]);
      expect(state.roles[`${e}_read`]).toMatchObject({ memberOf: ['pg_read_all_stats'], settings: { statement_timeout: '5s' } });
      expect(state.privileges['column public.t(id)']).toEqual({ [`${e}_read`]: ['SELECT'] });
      expect(state.privileges['column public.t(secret)']).toBeUndefined();
      expect(state.defaults[`${e}_own tables`]).toEqual({ [`${e}_read`]: ['SELECT'] });
      // A hand change shows as one field of the state.
      await c.query(`GRANT SELECT ON t TO PUBLIC`);
      expect(diffAccessState(await desiredAccess(c, access), await readAccess(c, access))).toEqual([{ path: 'privileges["table public.t"]', from: undefined, to: { PUBLIC: ['SELECT'] } }]);
      await applyAccess(c, access);
      // A closed role: a listed service login may be a member, any other is revoked.
      await c.query(`CREATE ROLE "${e}_svc" IN ROLE "${e}_read"; CREATE ROLE "${e}_intruder" IN ROLE "${e}_read"`);
      expect((await planAccess(c, access)).map((x) => x.detail)).toEqual([`${e}_intruder is a member of ${e}_read, not declared under members (members: ${e}_svc)`]);
      await applyAccess(c, access);
      expect((await c.query(`SELECT pg_has_role('${e}_intruder', '${e}_read', 'MEMBER') AS i, pg_has_role('${e}_svc', '${e}_read', 'MEMBER') AS s`)).rows).toEqual([{ i: false, s: true }]);
      await c.query(`DROP ROLE "${e}_svc", "${e}_intruder"`);
      // Drop a table that had grants (schema/ no longer has it): nothing to revoke, nothing fails.
      await p.write('schema/10.sql', "CREATE TYPE side AS ENUM ('buy', 'sell');\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';");
      await p.write('access/access.yaml', (await fs.readFile(`${p.root}/access/access.yaml`, 'utf8')).replace('readable_columns:\n  t: [id]\n', ''));
      const next = (await loadAccessModel(c, { dir: `${p.root}/access`, env: e }, await loadDesiredSchema(p.schemaDir)))!;
      expect(await planAccess(c, next, { dropped: ['public.t'] })).toEqual([]);
      await c.query('DROP TABLE t');
      expect(await planAccess(c, next)).toEqual([]);
      const dropped = await dropAccess(c, next);
      expect(dropped.map((x) => x.sql)).toContain(`DROP ROLE "${e}_own"`);
      expect(await c.query('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [[`${e}_own`, `${e}_read`]]).then((r) => r.rows)).toEqual([]);
      expect((await c.query(`SELECT pg_get_userbyid(typowner) AS o FROM pg_type WHERE typname = 'side'`)).rows).toEqual([{ o: (await c.query('SELECT current_user AS u')).rows[0].u }]);
    });
  });
});
