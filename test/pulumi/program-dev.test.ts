// The dev stack (Pulumi.dev.yaml) under Pulumi's mocks, previewed against a real database: the
// embedded server and its local key, the Schema carrying the SQL the preview shows, one seed
// resource per row, the access model as explicit grants, everything ordered after the schema.
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/db';
import { MockRun, runProgram } from './mocks';

const T = (t: string) => `pulumi-nodejs:dynamic/schemaop:${t}`;
let run: MockRun;
let dbUrl: string;

beforeAll(async () => {
  dbUrl = await freshDatabase();
  const u = new URL(dbUrl);
  run = await runProgram({
    stack: 'dev',
    preview: true,
    outputs: (type, _name, inputs) =>
      type === T('EmbeddedDatabase')
        ? { host: u.hostname, port: Number(u.port), username: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1), url: dbUrl, running: true }
        : type === T('LocalDataKey')
          ? { key: 'a2V5', keyId: 'local-1', ...inputs }
          : undefined,
  });
}, 120_000);

describe('dev stack', () => {
  it('runs an embedded server and a local data key, no cloud resources', () => {
    const db = run.one(T('EmbeddedDatabase'));
    expect(db.inputs).toMatchObject({ dir: '.schemaop/pulumi-dev', port: 54339, database: 'app' });
    expect(db.additionalSecretOutputs).toEqual(expect.arrayContaining(['url', 'serverUrl', 'password']));
    const key = run.one(T('LocalDataKey'));
    expect(key.additionalSecretOutputs).toContain('key');
    expect(run.resources.filter((r) => r.type.startsWith('aws:'))).toEqual([]);
  });

  it('carries the planned SQL of schema/ in the Schema inputs, the URL only as a secret', () => {
    const schema = run.one(T('Schema'));
    expect(schema.secretInputs).toContain('url');
    expect(schema.additionalSecretOutputs).toContain('url');
    expect(schema.inputs.desiredHash).toMatch(/^[0-9a-f]{16,64}$/);
    const plan = schema.inputs.plan;
    expect(plan.changes).toBe(true);
    expect(plan.statements.map((s: { sql: string }) => s.sql).join('\n')).toMatch(/CREATE TABLE "?public"?\."?exchanges"?/i);
    expect(JSON.stringify(plan)).not.toContain(new URL(dbUrl).password);
    expect(schema.dependencies).toContain(run.one(T('EmbeddedDatabase')).urn);
    expect(schema.inputs).toMatchObject({ environment: 'dev', dropOnDelete: true, engine: 'builtin', lockTimeoutMs: 10_000 });
  });

  it('declares one seed resource per row, after the schema, referenced tables first', () => {
    const rows = run.byType(T('SeedRow'));
    expect(rows.map((r) => r.name).sort()).toEqual(
      ['seed:public.dexes:name=aster', 'seed:public.dexes:name=backpack', 'seed:public.dexes:name=lighter', 'seed:public.exchanges:name=binance', 'seed:public.exchanges:name=coinbase'].sort(),
    );
    const schema = run.one(T('Schema'));
    for (const r of rows) {
      expect(r.dependencies).toContain(schema.urn);
      expect(r.secretInputs).toContain('url');
    }
    const coinbase = rows.find((r) => r.name.endsWith('name=coinbase'))!;
    expect(coinbase.inputs.values).toMatchObject({ name: 'coinbase', display_name: 'Coinbase Advanced Trade' });
    const exchangeUrns = rows.filter((r) => r.name.includes('exchanges')).map((r) => r.urn);
    for (const d of rows.filter((r) => r.name.includes('dexes'))) expect(d.dependencies).toEqual(expect.arrayContaining(exchangeUrns));
  });

  it('declares the access model with explicit objects only, after the schema, through a provider built from the server', () => {
    const grants = run.byType('postgresql:index/grant:Grant');
    expect(grants.length).toBeGreaterThan(0);
    const schema = run.one(T('Schema'));
    for (const g of grants) {
      expect(g.dependencies).toContain(schema.urn);
      if (g.inputs.objectType !== 'schema') expect(g.inputs.objects.length).toBeGreaterThan(0);
      expect(g.provider).toMatch(/pulumi:providers:postgresql::postgres::/);
    }
    const roles = run.byType('postgresql:index/role:Role').map((r) => r.inputs.name).sort();
    expect(roles).toEqual(['dev_app', 'dev_credentials', 'dev_migrator', 'dev_readonly']);
    // Secret columns: the app role reads user_credentials only through a column grant without them.
    const appCreds = grants.filter((g) => g.inputs.role === 'dev_app' && g.inputs.objects?.includes('user_credentials'));
    const select = appCreds.find((g) => g.inputs.privileges.includes('SELECT'))!;
    expect(select.inputs.objectType).toBe('column');
    expect(select.inputs.columns).not.toContain('api_key_encrypted');
    expect(select.inputs.columns).toContain('id');
    const credsSelect = grants.find((g) => g.inputs.role === 'dev_credentials' && g.inputs.objectType === 'table' && g.inputs.objects.includes('user_credentials') && g.inputs.privileges.includes('SELECT'));
    expect(credsSelect).toBeDefined();
    const provider = run.one('pulumi:providers:postgresql');
    expect(provider.secretInputs).toContain('password');
    expect(provider.inputs).toMatchObject({ superuser: 'true', sslmode: 'disable', database: new URL(dbUrl).pathname.slice(1) });
  });

  it('exports the connection string and the data key as secrets', async () => {
    expect(Object.keys(run.outputs)).toEqual(expect.arrayContaining(['databaseUrl', 'dataKey']));
    const isSecret = (o: unknown) => (o as { isSecret: Promise<boolean> }).isSecret;
    expect(await isSecret(run.outputs.databaseUrl)).toBe(true);
    expect(await isSecret(run.outputs.dataKey)).toBe(true);
  });
});
