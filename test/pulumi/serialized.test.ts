// Each dynamic provider survives Pulumi's closure serialisation: serialised as `pulumi up` does
// (the program loaded with Pulumi's ts-node, pulumi.runtime.serializeFunction), the text is run by
// a fresh plain `node` process as Pulumi's provider host runs it (require-from-string, handler()),
// and creates and reads against the real database.
/* eslint-disable @typescript-eslint/no-explicit-any -- Pulumi's mock monitor hands out untyped protobuf objects and property bags */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDesiredSchema } from '../../src/engine/source';
import { freshDatabase, query } from '../support/db';
import { freePort } from '../support/ports';
import { schemaDir } from '../support/schema';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
let texts: Record<string, string>;
let dir: string;

beforeAll(async () => {
  const { stdout } = await run(process.execPath, [path.join(__dirname, 'serialize-providers.js')], { cwd: ROOT, maxBuffer: 1 << 24 });
  texts = JSON.parse(stdout);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-serialized-'));
  await fs.chmod(dir, 0o755);
  for (const [name, text] of Object.entries(texts)) await fs.writeFile(path.join(dir, `${name}.js`), text);
}, 120_000);

/** Runs methods of a serialised provider in a fresh `node` (cwd: where the provider host runs). */
async function host(name: string, steps: unknown[][], cwd = ROOT): Promise<any[]> {
  const env = { ...process.env, NODE_OPTIONS: '' };
  const { stdout } = await run(process.execPath, [path.join(__dirname, 'run-serialized.js'), path.join(dir, `${name}.js`), JSON.stringify(steps)], { cwd, env, maxBuffer: 1 << 24 });
  return JSON.parse(stdout);
}

/** Where a test database is; its password reaches the fresh process as an environment variable, never as an input. */
function target(url: string) {
  const u = new URL(url);
  process.env.SCHEMAOP_SERIALIZED_TEST_PASSWORD = decodeURIComponent(u.password);
  return { host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), database: u.pathname.slice(1), sslmode: 'disable', credentials: { kind: 'env', variable: 'SCHEMAOP_SERIALIZED_TEST_PASSWORD' } };
}

describe('serialised providers', () => {
  it('are small shells: the engine is not captured by value, no secret is embedded', () => {
    expect(Object.keys(texts).sort()).toEqual(['access', 'embedded', 'localKey', 'schema', 'seedRow', 'seedTable']);
    for (const t of Object.values(texts)) {
      expect(t.length).toBeLessThan(10_000);
      expect(t).toMatch(/exports\.handler = /);
      expect(t).not.toMatch(/pg_advisory_lock|CREATE DATABASE|password/i);
    }
  });

  it('Schema: applies schema/ and reads the live state, from a fresh node process', async () => {
    const url = await freshDatabase();
    const sdir = await schemaDir({ '10.sql': 'CREATE TABLE exchanges (name text PRIMARY KEY, display_name text NOT NULL);' });
    const inputs = { target: target(url), schemaDir: sdir, desiredHash: (await loadDesiredSchema(sdir)).hash, engine: 'builtin', lockTimeoutMs: 5000, statementTimeoutMs: 0, dropOnDelete: false, environment: 'prod', lint: {} };
    const [check, created, read] = await host('schema', [['check', {}, inputs], ['create', inputs], ['read', '$id', '$outs']]);
    expect(check.failures).toEqual([]);
    expect(created.outs).toMatchObject({ inSync: true, revision: 1 });
    expect(read.props).toMatchObject({ inSync: true, revision: 1, drift: [] });
    expect(await query(url, `SELECT to_regclass('public.exchanges')::text AS t`)).toEqual([{ t: 'exchanges' }]);
  });

  it('SeedRow and SeedTable: write and read rows, from a fresh node process started elsewhere', async () => {
    const url = await freshDatabase('CREATE TABLE exchanges (name text PRIMARY KEY, display_name text NOT NULL);');
    const base = { target: target(url), file: 'seeds/x.yaml', table: 'public.exchanges', key: ['name'], referenced: 'refuse', unlisted: 'keep' };
    // The host's folder is not the project: the shell finds the project it was serialised from.
    const [, read] = await host('seedRow', [['create', { ...base, values: { name: 'coinbase', display_name: 'Coinbase' } }], ['read', '$id', '$outs']], os.tmpdir());
    expect(read).toMatchObject({ id: 'public.exchanges:name=coinbase', props: { values: { name: 'coinbase', display_name: 'Coinbase' } } });
    const rows = { 'name=binance': { name: 'binance', display_name: 'Binance' } };
    const [, tread] = await host('seedTable', [['create', { ...base, rows }], ['read', '$id', '$outs']]);
    expect(tread.props.rows).toEqual(rows);
    expect(await query(url, 'SELECT name FROM exchanges ORDER BY name')).toEqual([{ name: 'binance' }, { name: 'coinbase' }]);
  });

  it('LocalDataKey and EmbeddedDatabase: create and read, from a fresh node process', async () => {
    const [key, keyRead] = await host('localKey', [['create', { rotation: 0 }], ['read', '$id', '$outs']]);
    expect(Buffer.from(key.outs.key, 'base64')).toHaveLength(32);
    expect(keyRead.props.key).toBe(key.outs.key);
    const inputs = { dir: path.join(dir, 'db'), port: await freePort(), database: 'app' };
    try {
      const [created, read] = await host('embedded', [['create', inputs], ['read', '$id', '$outs']]);
      expect(read.props).toMatchObject({ running: true, database: 'app' });
      expect(await query(created.outs.url, 'SELECT current_database() AS d')).toEqual([{ d: 'app' }]);
    } finally {
      await host('embedded', [['delete', '', inputs]]).catch(() => undefined);
    }
  });
});
