// The dynamic providers' methods, called as Pulumi's provider host calls them, against a real
// database: check, diff, create, read (drift), update (the reviewed plan only), delete (keeps data
// unless asked).
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { provider as schema, SchemaInputs, previewPlan, reviewedPlan } from '../../src/providers/runtime/schema';
import { provider as seedRow, SeedRowInputs } from '../../src/providers/runtime/seed-row';
import { provider as seedTable, SeedTableInputs, UNLISTED } from '../../src/providers/runtime/seed-table';
import { provider as localKey } from '../../src/providers/runtime/local-key';
import { provider as embeddedDb } from '../../src/providers/runtime/embedded';
import { provider as accessProvider } from '../../src/providers/runtime/access';
import type { AccessState } from '../../src/access';
import { loadDesiredSchema } from '../../src/engine/source';
import type { Target } from '../../src/providers/runtime/target';
import { freshDatabase, query } from '../support/db';
import { freePort } from '../support/ports';
import { schemaDir } from '../support/schema';

/** Where a test database is, its password passed as Pulumi would never store it: resolved at call time. */
let variables = 0;
function target(url: string): Target {
  const u = new URL(url);
  const variable = `SCHEMAOP_TEST_PASSWORD_${variables++}`;
  process.env[variable] = decodeURIComponent(u.password);
  return { host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), database: u.pathname.slice(1), sslmode: 'disable', credentials: { kind: 'env', variable } };
}

const EXCHANGES = `
CREATE TABLE exchanges (name text PRIMARY KEY, display_name text NOT NULL, fees jsonb, is_active boolean NOT NULL DEFAULT true);
CREATE TABLE accounts (id serial PRIMARY KEY, exchange text REFERENCES exchanges(name));
`;

async function schemaInputs(files: Record<string, string>, url: string, over: Partial<SchemaInputs> = {}): Promise<SchemaInputs> {
  const dir = await schemaDir(files);
  const desired = await loadDesiredSchema(dir);
  return { target: target(url), schemaDir: dir, desiredHash: desired.hash, engine: 'builtin', lockTimeoutMs: 5000, statementTimeoutMs: 0, dropOnDelete: false, environment: 'prod', lint: {}, ...over };
}

describe('Schema provider', () => {
  it('validates its inputs', async () => {
    const i = await schemaInputs({ '10.sql': EXCHANGES }, 'postgres://u@localhost/db');
    expect((await schema.check({}, i)).failures).toEqual([]);
    const bad = (await schema.check({}, { ...i, target: { ...i.target, host: '' }, schemaDir: '/nonexistent', lockTimeoutMs: -1 })).failures!.map((f) => f.property);
    expect(bad).toEqual(['target', 'schemaDir', 'lockTimeoutMs']);
    // During a preview the target of a server not created yet is unknown: not an error.
    expect((await schema.check({}, { ...i, target: '04da6b54-80e4-46f7-96ec-b56ff0331ba9' as never })).failures).toEqual([]);
  });

  it('applies the previewed plan, reads drift, refuses a stale plan, applies the new one', async () => {
    const url = await freshDatabase();
    // dev: dropping the column added by hand only warns (prod would block it without an allowance).
    const inputs = await schemaInputs({ '10.sql': EXCHANGES }, url, { environment: 'dev' });
    const plan = await previewPlan(inputs);
    expect(plan.statements.map((s) => s.kind)).toEqual(expect.arrayContaining(['create_table']));
    expect(plan).not.toHaveProperty('target');
    const created = await schema.create({ ...inputs, plan });
    expect(created.id).not.toContain(new URL(url).password);
    expect(created.outs).toMatchObject({ inSync: true, appliedDesiredHash: inputs.desiredHash, appliedPlanHash: plan.hash, drift: [] });
    expect(created.outs!.revision).toBeGreaterThan(0);
    expect(await query(url, 'SELECT count(*)::int AS n FROM exchanges')).toEqual([{ n: 0 }]);

    // Nothing changed: no diff; the same plan computed again is empty.
    const again = await previewPlan(inputs);
    expect(again.changes).toBe(false);
    expect(await schema.diff(created.id, created.outs!, { ...inputs, plan: again })).toMatchObject({ changes: false, replaces: [] });

    // A column added by hand: refresh (read) reports it, and the next preview has a change.
    await query(url, 'ALTER TABLE exchanges ADD COLUMN by_hand text');
    const read = await schema.read(created.id, created.outs);
    expect(read.props).toMatchObject({ inSync: false });
    expect(read.props!.drift.join('\n')).toMatch(/drop column "?by_hand"?/i);
    expect((await schema.diff(created.id, read.props!, { ...inputs, plan: again })).changes).toBe(true);

    // Applying the plan reviewed before the drift would not be the plan that runs: refused.
    const stale = { ...inputs, plan: again };
    await expect(schema.update(created.id, read.props!, { ...stale, plan: { ...again, hash: 'aaaaaaaaaaaaaaaa' } })).rejects.toThrow(/plan changed since it was reviewed/);
    const fresh = await previewPlan(inputs);
    const updated = await schema.update(created.id, read.props!, { ...inputs, plan: fresh });
    expect(updated.outs).toMatchObject({ inSync: true, drift: [] });
    expect(await query(url, `SELECT count(*)::int AS n FROM information_schema.columns WHERE column_name = 'by_hand'`)).toEqual([{ n: 0 }]);
  });

  it('carries blocking findings of a destructive change in its plan and refuses to apply it', async () => {
    const url = await freshDatabase(EXCHANGES);
    const inputs = await schemaInputs({ '10.sql': 'CREATE TABLE exchanges (name text PRIMARY KEY, display_name text NOT NULL, is_active boolean NOT NULL DEFAULT true);\nCREATE TABLE accounts (id serial PRIMARY KEY, exchange text REFERENCES exchanges(name));' }, url);
    const { plan, text } = await reviewedPlan(inputs);
    const block = plan.findings.filter((f) => f.level === 'block' && !f.allowedBy);
    expect(block.map((f) => f.rule)).toContain('drop_column');
    // What the terminal preview prints under the Schema resource: the summary first (the preview's
    // table shows that line), the statement, the blocked rule; no connection string.
    expect(text.split('\n')[0]).toBe(`Plan ${plan.hash}: 1 statement, 1 deleting data, BLOCKED by 1 finding.`);
    expect(text).toMatch(/drop column "?fees"?/i);
    expect(text).toMatch(/BLOCK drop_column public\.exchanges\.fees/);
    expect(text).not.toContain(new URL(url).password);
    expect(plan.statements.find((s) => s.deletesData)?.object).toBe('public.exchanges.fees');
    await expect(schema.create({ ...inputs, plan })).rejects.toThrow(/blocked/);
    expect(await query(url, `SELECT count(*)::int AS n FROM information_schema.columns WHERE column_name = 'fees'`)).toEqual([{ n: 1 }]);
    // A reviewed allowance in the stack's lint configuration lets it pass.
    const allowed = { ...inputs, lint: { allow: [{ rule: 'drop_column', object: 'public.exchanges.fees', reason: 'fees moved to fee_schedule' }] } };
    const p2 = await previewPlan(allowed);
    expect(p2.findings.filter((f) => f.level === 'block' && !f.allowedBy)).toEqual([]);
    await schema.create({ ...allowed, plan: p2 });
    expect(await query(url, `SELECT count(*)::int AS n FROM information_schema.columns WHERE column_name = 'fees'`)).toEqual([{ n: 0 }]);
  });

  it('keeps the data on delete unless the stack says dropOnDelete', async () => {
    const url = await freshDatabase();
    const inputs = await schemaInputs({ '10.sql': EXCHANGES }, url);
    const c = await schema.create(inputs);
    await query(url, `INSERT INTO exchanges VALUES ('x', 'X')`);
    await schema.delete(c.id, c.outs!);
    expect(await query(url, 'SELECT name FROM exchanges')).toEqual([{ name: 'x' }]);
    await schema.delete(c.id, { ...c.outs!, dropOnDelete: true });
    expect(await query(url, `SELECT to_regclass('public.exchanges') AS t, to_regclass('schemaop.revisions') AS r`)).toEqual([{ t: null, r: null }]);
  });

  it('reports a failure without the password', async () => {
    const url = await freshDatabase();
    const bad = url.replace(/:([^:@/]+)@/, ':wrong-secret-pw@');
    const inputs = await schemaInputs({ '10.sql': EXCHANGES }, bad);
    const err = await schema.create(inputs).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/authentication failed/);
    expect((err as Error).message).not.toContain('wrong-secret-pw');
  });
});

describe('seed providers', () => {
  // A seed file the project does not have: its rows are not listed anywhere.
  const base = (url: string) => ({ target: target(url), file: 'seeds/not-in-the-project.yaml', table: 'public.exchanges', key: ['name'], referenced: 'refuse' as const });

  it('SeedRow: creates, reads the live row (edited, deleted), updates, deletes only when the file deletes unlisted rows', async () => {
    const url = await freshDatabase(EXCHANGES);
    const i: SeedRowInputs = { ...base(url), unlisted: 'delete', values: { name: 'coinbase', display_name: 'Coinbase', fees: { maker: 0.006 } } };
    expect((await seedRow.check({}, { ...i, values: { display_name: 'x' } })).failures!.map((f) => f.reason)).toEqual(['the key column name is missing']);
    const c = await seedRow.create(i);
    expect(c.id).toBe('public.exchanges:name=coinbase');
    expect(await query(url, 'SELECT name, display_name, fees, is_active FROM exchanges')).toEqual([{ name: 'coinbase', display_name: 'Coinbase', fees: { maker: 0.006 }, is_active: true }]);
    expect((await seedRow.read(c.id, c.outs)).props!.values).toEqual(i.values);

    await query(url, `UPDATE exchanges SET display_name = 'edited in prod'`);
    const r = await seedRow.read(c.id, c.outs);
    expect(r.props!.values.display_name).toBe('edited in prod');
    expect((await seedRow.diff(c.id, r.props!, i)).changes).toBe(true);
    expect((await seedRow.diff(c.id, c.outs!, i)).changes).toBe(false);
    expect((await seedRow.diff(c.id, c.outs!, { ...i, values: { ...i.values, name: 'cb' } })).replaces).toContain('key');

    await seedRow.update(c.id, r.props!, { ...i, values: { ...i.values, fees: { maker: 0.004 } } });
    expect(await query(url, 'SELECT display_name, fees FROM exchanges')).toEqual([{ display_name: 'Coinbase', fees: { maker: 0.004 } }]);

    // Referenced: the delete is refused and nothing is deleted.
    await query(url, `INSERT INTO accounts (exchange) VALUES ('coinbase')`);
    await expect(seedRow.delete(c.id, c.outs!)).rejects.toThrow(/still referenced by/);
    await query(url, 'DELETE FROM accounts');
    await seedRow.delete(c.id, { ...c.outs!, unlisted: 'keep' });
    expect(await query(url, 'SELECT count(*)::int AS n FROM exchanges')).toEqual([{ n: 1 }]);
    // Still listed in the project's seed file: another resource owns the row now (seeds.groupAbove), it stays.
    await seedRow.delete(c.id, { ...c.outs!, file: 'seeds/10_exchanges.yaml' });
    expect(await query(url, 'SELECT count(*)::int AS n FROM exchanges')).toEqual([{ n: 1 }]);
    await seedRow.delete(c.id, c.outs!);
    expect(await query(url, 'SELECT count(*)::int AS n FROM exchanges')).toEqual([{ n: 0 }]);
    expect((await seedRow.read(c.id, c.outs)).id).toBe('');
  });

  it('SeedTable: writes the rows, reads a row-level picture of the live table, deletes unlisted rows', async () => {
    const url = await freshDatabase(EXCHANGES);
    const rows = Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`name=ex${k}`, { name: `ex${k}`, display_name: `Exchange ${k}` }]));
    const i: SeedTableInputs = { ...base(url), unlisted: 'delete', rows };
    await query(url, `INSERT INTO exchanges VALUES ('by_hand', 'By hand')`);
    const c = await seedTable.create(i);
    expect(await query(url, 'SELECT count(*)::int AS n FROM exchanges')).toEqual([{ n: 40 }]);
    await query(url, `UPDATE exchanges SET display_name = 'changed' WHERE name = 'ex3'; DELETE FROM exchanges WHERE name = 'ex7'; INSERT INTO exchanges VALUES ('new', 'New')`);
    const r = await seedTable.read(c.id, c.outs);
    expect(r.props!.rows['name=ex3']).toEqual({ name: 'ex3', display_name: 'changed' });
    expect(r.props!.rows['name=ex7']).toBeUndefined();
    expect(r.props!.rows['name=new']).toEqual({ name: 'new', [UNLISTED]: true });
    expect(r.props!.rows['name=ex1']).toEqual(rows['name=ex1']);
    expect((await seedTable.diff(c.id, r.props!, i)).changes).toBe(true);
    await seedTable.update(c.id, r.props!, i);
    expect((await seedTable.read(c.id, c.outs)).props!.rows).toEqual(rows);
  });
});

describe('Access provider', () => {
  it('is updated when the state the model asks for differs from the applied one, not for an edit that grants nothing new', async () => {
    const state: AccessState = { roles: {}, database: {}, owners: {}, privileges: { 'table public.t': { dev_app: ['SELECT'] } }, defaults: {} };
    const inputs = { target: target('postgres://u:pw@127.0.0.1:5432/app'), accessDir: 'access', schemaDir: 'schema', env: 'dev', modelHash: 'a'.repeat(32), access: state };
    const applied = { ...inputs, roles: [] };
    // schema/ changed (a new model hash) but no privilege did.
    expect((await accessProvider.diff('id', applied, { ...inputs, modelHash: 'b'.repeat(32) })).changes).toBe(false);
    expect((await accessProvider.diff('id', applied, { ...inputs, access: { ...state, privileges: { 'table public.t': { dev_app: ['SELECT', 'UPDATE'] } } } })).changes).toBe(true);
    expect((await accessProvider.diff('id', applied, { ...inputs, env: 'staging' })).changes).toBe(true);
    // Without that state (the schema plan could not be computed), any edit of schema/ or access.yaml is an update.
    expect((await accessProvider.diff('id', applied, { ...inputs, access: null, modelHash: 'b'.repeat(32) })).changes).toBe(true);
    expect((await accessProvider.diff('id', applied, { ...inputs, access: null })).changes).toBe(false);
  });
});

describe('LocalDataKey and EmbeddedDatabase providers', () => {
  it('LocalDataKey: a 256-bit key, kept until rotated', async () => {
    const c = await localKey.create({ rotation: 0 });
    expect(Buffer.from(c.outs!.key, 'base64')).toHaveLength(32);
    expect((await localKey.read(c.id, c.outs)).props!.key).toBe(c.outs!.key);
    expect(await localKey.diff(c.id, c.outs!, { rotation: 0 })).toMatchObject({ changes: false });
    expect(await localKey.diff(c.id, c.outs!, { rotation: 1 })).toMatchObject({ changes: true, replaces: ['rotation'] });
    expect((await localKey.create({ rotation: 1 })).outs!.key).not.toBe(c.outs!.key);
  });

  it('EmbeddedDatabase: create starts it with the application database, read reports a stopped server, delete stops it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-pulumi-dev-'));
    await fs.chmod(dir, 0o755); // the server may run as another user (root runs it as postgres)
    const inputs = { dir, port: await freePort(), database: 'app' };
    try {
      expect((await embeddedDb.check({}, { ...inputs, port: 80 })).failures!.map((f) => f.property)).toEqual(['port']);
      const c = await embeddedDb.create(inputs);
      expect(c.outs).toMatchObject({ running: true, database: 'app', host: '127.0.0.1', port: inputs.port });
      expect(await query(c.outs!.url, 'SELECT current_database() AS d')).toEqual([{ d: 'app' }]);
      expect((await embeddedDb.read(c.id, c.outs)).props!.running).toBe(true);
      await embeddedDb.delete(c.id, c.outs!);
      const stopped = await embeddedDb.read(c.id, c.outs);
      expect(stopped.props!.running).toBe(false);
      expect((await embeddedDb.diff(c.id, stopped.props!, inputs)).changes).toBe(true);
      expect((await embeddedDb.diff(c.id, c.outs!, { ...inputs, port: inputs.port + 1 })).replaces).toEqual(['port']);
    } finally {
      await embeddedDb.delete('', { ...inputs } as never).catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
