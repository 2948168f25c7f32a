// The dev stack (Pulumi.dev.yaml) under Pulumi's mocks, previewed against a real database: the
// embedded server and its local key, the Schema carrying the SQL the preview shows, one seed
// resource per row, the access model as explicit grants, everything ordered after the schema.
// The stack's server folder is a temporary one: never the checkout's own .schemaop/pulumi-dev,
// which a developer's dev stack may hold.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/db';
import { MockRun, devOutputs, runProgram, stackFileConfig } from './mocks';

const T = (t: string) => `pulumi-nodejs:dynamic/schemaop:${t}`;
let run: MockRun;
let dbUrl: string;
let localDir: string;

/** Pulumi.dev.yaml with the server folder moved to `dir`. */
function devConfig(dir: string): Record<string, string> {
  const config = stackFileConfig('dev');
  config['schemaop:local'] = JSON.stringify({ ...JSON.parse(config['schemaop:local']), dir });
  return config;
}

beforeAll(async () => {
  dbUrl = await freshDatabase();
  localDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-program-dev-')), 'pulumi-dev');
  run = await runProgram({
    stack: 'dev',
    preview: true,
    config: devConfig(localDir),
    outputs: devOutputs(dbUrl),
  });
}, 120_000);

describe('dev stack', () => {
  it('runs an embedded server and a local data key, no cloud resources', async () => {
    const db = run.one(T('EmbeddedDatabase'));
    // Pulumi.dev.yaml pins no port: the folder keeps the one chosen on the first run.
    expect(JSON.parse(stackFileConfig('dev')['schemaop:local'])).toEqual({ dir: '.schemaop/pulumi-dev' });
    const kept = Number(await fs.readFile(path.join(localDir, 'port'), 'utf8'));
    expect(db.inputs).toMatchObject({ dir: localDir, port: kept, database: 'app' });
    expect(db.additionalSecretOutputs).toEqual(expect.arrayContaining(['url', 'serverUrl', 'password']));
    const key = run.one(T('LocalDataKey'));
    expect(key.additionalSecretOutputs).toContain('key');
    expect(run.resources.filter((r) => r.type.startsWith('aws:'))).toEqual([]);
  });

  it('gives the Schema a target without password; a server not created yet is why there is no plan', () => {
    const schema = run.one(T('Schema'));
    expect(schema.inputs.target).toMatchObject({ database: new URL(dbUrl).pathname.slice(1), sslmode: 'disable', credentials: { kind: 'embedded', dir: localDir } });
    expect(JSON.stringify(schema.inputs)).not.toContain(new URL(dbUrl).password);
    expect(schema.inputs.desiredHash).toMatch(/^[0-9a-f]{16,64}$/);
    expect(schema.inputs.plan).toBeUndefined();
    expect(schema.inputs.planError).toMatch(/does not exist yet/);
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
      expect(JSON.stringify(r.inputs)).not.toContain(new URL(dbUrl).password);
    }
    const coinbase = rows.find((r) => r.name.endsWith('name=coinbase'))!;
    expect(coinbase.inputs.values).toMatchObject({ name: 'coinbase', display_name: 'Coinbase Advanced Trade' });
    const exchangeUrns = rows.filter((r) => r.name.includes('exchanges')).map((r) => r.urn);
    for (const d of rows.filter((r) => r.name.includes('dexes'))) expect(d.dependencies).toEqual(expect.arrayContaining(exchangeUrns));
  });

  it('declares the access model as one Access resource after the schema', () => {
    const access = run.one(T('Access'));
    expect(access.dependencies).toContain(run.one(T('Schema')).urn);
    expect(access.inputs).toMatchObject({ accessDir: 'access', schemaDir: 'schema', env: 'dev' });
    expect(access.inputs.modelHash).toMatch(/^[0-9a-f]{32}$/);
    expect(run.resources.filter((r) => r.type.startsWith('postgresql:'))).toEqual([]);
  });

  it('exports the connection string and the data key as secrets', async () => {
    expect(Object.keys(run.outputs)).toEqual(expect.arrayContaining(['databaseUrl', 'dataKey']));
    const isSecret = (o: unknown) => (o as { isSecret: Promise<boolean> }).isSecret;
    expect(await isSecret(run.outputs.databaseUrl)).toBe(true);
    expect(await isSecret(run.outputs.dataKey)).toBe(true);
  });
});
