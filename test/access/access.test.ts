// The access model on a real PostgreSQL: the project's own schema, seeds and access/access.yaml,
// with role names unique to the test database. Each role logs in (LOGIN and a password are given
// here, inside the test only) and is shown what it can and cannot do.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseOf } from '../../src/db/url';
import { apply } from '../../src/engine/apply';
import { plan } from '../../src/engine/plan';
import { freshDatabase, query } from '../support/db';
import { project, Project } from '../seeds/project';
import { as } from './login-as';



const denied = expect.stringMatching(/^ERROR: .*permission denied/);

describe('access model', () => {
  let url: string;
  let pr: Project;
  let env: string;
  let second: Awaited<ReturnType<typeof plan>>;
  const pw = randomBytes(9).toString('hex');
  const role = (r: string) => `${env}_${r}`;

  beforeAll(async () => {
    url = await freshDatabase();
    env = databaseOf(url);
    pr = await project({}, { copy: ['schema', 'seeds', 'access'] });
    const first = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    const grants = first.stages.find((s) => s.stage === 'grants')!;
    expect(grants.lines).toContain(`CREATE ROLE "${role('readonly')}" NOLOGIN;`);
    expect(grants.lines).toContain(`REVOKE USAGE ON SCHEMA "public" FROM PUBLIC;`);
    expect(grants.lines).toContain(`ALTER TABLE "public"."user_credentials" OWNER TO "${role('migrator')}";`);
    expect(grants.lines.some((l) => l.startsWith(`GRANT SELECT ("created_at", "credential_type", "id", "is_active", "last_used_at", "nickname", "updated_at", "user_account_id") ON TABLE "public"."user_credentials" TO "${role('readonly')}"`))).toBe(true);
    expect(grants.lines.join('\n')).not.toMatch(/PASSWORD/);
    await apply({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    second = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    // Inside the test only: let the roles log in.
    for (const r of ['app', 'readonly', 'credentials', 'migrator']) await query(url, `ALTER ROLE "${role(r)}" LOGIN PASSWORD '${pw}'`);
    await query(url, `CREATE ROLE "${role('nobody')}" LOGIN PASSWORD '${pw}'`);
    await query(url, `INSERT INTO users (cognito_user_id) VALUES ('u1');
      INSERT INTO user_accounts (user_id, account_name) SELECT id, 'main' FROM users;
      INSERT INTO user_credentials (user_account_id, credential_type, api_key_encrypted, secret_key_encrypted) SELECT id, 'alpaca_paper', 'enc-key', 'enc-secret' FROM user_accounts;
      INSERT INTO api_keys (user_id, name, key_prefix, key_hash, key_encrypted) SELECT id, 'k', 'sk_1', 'hash1', 'x' FROM users;`);
  });

  it('reads its state back from the catalog: a second plan changes nothing', async () => {
    expect(second.stages.map((s) => [s.stage, s.count])).toEqual([
      ['seeds', 0],
      ['grants', 0],
    ]);
    expect(second.statements).toEqual([]);
    // LOGIN given by hand (below, for the test) is a difference the model sees.
    const p = await plan({ url, schemaDir: pr.schemaDir, ...pr.ext(env) });
    expect(p.stages.find((s) => s.stage === 'grants')!.lines).toContain(`ALTER ROLE "${role('app')}" NOLOGIN;`);
  });

  it('the migrator owns the schema and every object; PUBLIC has nothing', async () => {
    const owners = await query(url, `SELECT DISTINCT pg_get_userbyid(relowner) AS o FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r','v','S')`);
    expect(owners).toEqual([{ o: role('migrator') }]);
    expect(await query(url, `SELECT pg_get_userbyid(nspowner) AS o FROM pg_namespace WHERE nspname = 'public'`)).toEqual([{ o: role('migrator') }]);
    const pub = await query(
      url,
      `SELECT c.relname, a.privilege_type FROM pg_class c, aclexplode(c.relacl) a WHERE c.relnamespace = 'public'::regnamespace AND a.grantee = 0
       UNION ALL SELECT p.proname, a.privilege_type FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE p.pronamespace = 'public'::regnamespace AND a.grantee = 0`,
    );
    expect(pub).toEqual([]);
    expect(await as(url, role('nobody'), pw, 'SELECT name FROM public.exchanges')).toEqual(denied);
    expect(await as(url, role('nobody'), pw, 'SELECT * FROM public.v_open_positions')).toEqual(denied);
  });

  it('readonly reads reference data and non-secret columns, never secrets, and writes nothing', async () => {
    const ro = role('readonly');
    expect(await as(url, ro, pw, "SELECT name, fee_schedule FROM exchanges WHERE name = 'coinbase'")).toEqual([{ name: 'coinbase', fee_schedule: { base_maker: 0.006, base_taker: 0.012 } }]);
    expect(await as(url, ro, pw, 'SELECT id, credential_type, nickname FROM user_credentials')).toHaveLength(1);
    expect(await as(url, ro, pw, 'SELECT api_key_encrypted FROM user_credentials')).toEqual(denied);
    expect(await as(url, ro, pw, 'SELECT * FROM user_credentials')).toEqual(denied);
    expect(await as(url, ro, pw, 'SELECT api_secret FROM user_exchanges')).toEqual(denied);
    expect(await as(url, ro, pw, 'SELECT secret_key_encrypted FROM account_exchange_credentials')).toEqual(denied);
    expect(await as(url, ro, pw, 'SELECT key_hash FROM api_keys')).toEqual(denied);
    expect(await as(url, ro, pw, 'SELECT key_prefix FROM api_keys')).toEqual([{ key_prefix: 'sk_1' }]);
    expect(await as(url, ro, pw, "UPDATE exchanges SET display_name = 'x'")).toEqual(denied);
    expect(await as(url, ro, pw, 'SELECT * FROM v_account_open_exposure')).toEqual([]);
  });

  it('app writes credentials but cannot read their secrets; it can authenticate by key hash', async () => {
    const app = role('app');
    expect(
      await as(url, app, pw, `INSERT INTO user_credentials (user_account_id, credential_type, api_key_encrypted, secret_key_encrypted) SELECT id, 'alpaca_live', 'e1', 'e2' FROM user_accounts RETURNING credential_type`),
    ).toEqual([{ credential_type: 'alpaca_live' }]);
    expect(await as(url, app, pw, 'SELECT secret_key_encrypted FROM user_credentials')).toEqual(denied);
    expect(await as(url, app, pw, "SELECT user_id FROM api_keys WHERE key_hash = 'hash1'")).toHaveLength(1);
    expect(await as(url, app, pw, 'SELECT key_encrypted FROM api_keys')).toEqual(denied);
    // A serial id (sequence privileges) and the updated_at trigger work for the app.
    expect(await as(url, app, pw, "INSERT INTO user_exchanges (user_id, exchange_name, api_key, api_secret) SELECT id, 'coinbase', 'k', 's' FROM users RETURNING id")).toEqual([{ id: 1 }]);
    expect(await as(url, app, pw, "UPDATE user_credentials SET nickname = 'paper' WHERE credential_type = 'alpaca_paper'")).toEqual([]);
    expect(await as(url, app, pw, 'TRUNCATE exchanges')).toEqual(denied);
    expect(await as(url, app, pw, 'CREATE TABLE app_table (id int)')).toEqual(denied);
  });

  it('the credentials service reads the secrets and little else', async () => {
    const cr = role('credentials');
    expect(await as(url, cr, pw, "SELECT api_key_encrypted, secret_key_encrypted FROM user_credentials WHERE credential_type = 'alpaca_paper'")).toEqual([{ api_key_encrypted: 'enc-key', secret_key_encrypted: 'enc-secret' }]);
    expect(await as(url, cr, pw, 'UPDATE user_credentials SET last_used_at = now()')).toEqual([]);
    expect(await as(url, cr, pw, 'SELECT * FROM strategy_positions')).toEqual(denied);
    // It stores credentials (`schemaop credentials put`) but never deletes them.
    expect(await as(url, cr, pw, 'DELETE FROM user_credentials')).toEqual(denied);
    expect(await as(url, cr, pw, "INSERT INTO users (cognito_user_id) VALUES ('x')")).toEqual(denied);
  });

  it('a table or function the migrator creates later is readable by nobody else (default privileges)', async () => {
    const m = role('migrator');
    for (const sql of ['CREATE TABLE later_secrets (id int, secret text)', "INSERT INTO later_secrets VALUES (1, 's')", "CREATE FUNCTION later_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'"]) {
      expect(await as(url, m, pw, sql)).toEqual([]);
    }
    expect(await as(url, m, pw, 'SELECT secret FROM later_secrets')).toEqual([{ secret: 's' }]);
    for (const r of ['readonly', 'app', 'credentials', 'nobody']) {
      expect(await as(url, role(r), pw, 'SELECT * FROM public.later_secrets')).toEqual(denied);
      expect(await as(url, role(r), pw, 'SELECT public.later_fn()')).toEqual(denied);
    }
    await query(url, 'DROP TABLE later_secrets; DROP FUNCTION later_fn()');
  });

  it('plans and applies exactly the declared state over grants made by hand', async () => {
    const u2 = await freshDatabase();
    const env2 = databaseOf(u2);
    const pr2 = await project({}, { copy: ['schema', 'access'] });
    await apply({ url: u2, schemaDir: pr2.schemaDir, ...pr2.ext(env2) });
    await query(u2, `GRANT SELECT ON user_credentials TO "${env2}_readonly"; GRANT INSERT ON exchanges TO PUBLIC; GRANT SELECT (api_secret) ON user_exchanges TO "${env2}_app" WITH GRANT OPTION;
      ALTER DEFAULT PRIVILEGES FOR ROLE "${env2}_migrator" GRANT SELECT ON TABLES TO "${env2}_readonly"; ALTER TABLE dexes OWNER TO CURRENT_USER`);
    const p = await plan({ url: u2, schemaDir: pr2.schemaDir, ...pr2.ext(env2) });
    const g = p.stages.find((s) => s.stage === 'grants')!;
    expect(g.lines).toEqual([
      `ALTER TABLE "public"."dexes" OWNER TO "${env2}_migrator";`,
      `REVOKE INSERT ON TABLE "public"."exchanges" FROM PUBLIC;`,
      `REVOKE SELECT ON TABLE "public"."user_credentials" FROM "${env2}_readonly";`,
      `REVOKE SELECT ("api_secret") ON TABLE "public"."user_exchanges" FROM "${env2}_app";`,
      // The table-level REVOKE also took the declared column grants: they are granted again.
      `GRANT SELECT ("created_at", "credential_type", "id", "is_active", "last_used_at", "nickname", "updated_at", "user_account_id") ON TABLE "public"."user_credentials" TO "${env2}_readonly";`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE "${env2}_migrator" REVOKE SELECT ON TABLES FROM "${env2}_readonly";`,
    ]);
    await apply({ url: u2, schemaDir: pr2.schemaDir, ...pr2.ext(env2) });
    expect((await plan({ url: u2, schemaDir: pr2.schemaDir, ...pr2.ext(env2) })).stages.find((s) => s.stage === 'grants')!.count).toBe(0);
  });

  it('an invalid model is reported with file and line; PUBLIC cannot be granted anything', async () => {
    const u3 = await freshDatabase();
    const pr3 = await project({ 'schema/10.sql': 'CREATE TABLE t (id int);', 'access/access.yaml': 'roles:\n  app: {name: "{database}_app"}\ngrants:\n  - roles: [PUBLIC]\n    tables: "*"\n    privileges: [SELECT, FLY]\n' });
    const err = await plan({ url: u3, schemaDir: pr3.schemaDir, ...pr3.ext() }).catch((e) => e);
    expect(err.exitCode).toBe(6);
    expect(err.message).toContain('access/access.yaml:4:5: grants[0].roles: PUBLIC is not declared under roles (PUBLIC never gets anything)');
    expect(err.message).toContain('grants[0].privileges: FLY cannot be granted on tables');
  });
});
