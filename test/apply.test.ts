// Planning and applying on a real PostgreSQL: convergence, all-or-nothing, locking, reviewed plans.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, withClient } from '../src/db/connect';
import { apply, NotConvergedError, PlanChangedError } from '../src/engine/apply';
import { catalogFingerprint } from '../src/engine/fingerprint';
import { inspectSql } from '../src/engine/inspect';
import { currentRevision, listRevisions } from '../src/engine/history';
import { plan } from '../src/engine/plan';
import { scratchName } from '../src/engine/devdb';
import { SourceError } from '../src/engine/source';
import { baseline, status } from '../src/engine/status';
import { freshDatabase, query } from './support/db';
import { schemaDir } from './support/schema';
import { ExcludeSchema } from '../src/engine/exclude';
import { drift, driftText } from '../src/drift';
import { applySafe } from './lint/support';

const fingerprint = (url: string) => withClient(url, (c) => catalogFingerprint(c));
const hasMeta = async (url: string) => (await query(url, "SELECT 1 FROM pg_namespace WHERE nspname = 'schemaop'")).length > 0;

const ORDERS = `
CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id),
  total numeric(12,2) NOT NULL DEFAULT 0
);
COMMENT ON COLUMN orders.total IS 'Order total in USD';
`;

describe('plan and apply', () => {
  it('applies a schema, then plans nothing: fast path and full diff alike', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10_orders.sql': ORDERS });
    const first = await plan({ url, schemaDir: dir });
    expect(first.statements.length).toBeGreaterThan(3);
    expect(first.fastPath).toBe(false);
    const r = await apply({ url, schemaDir: dir });
    expect(r.applied).toBe(true);
    expect(r.plan.hash).toBe(first.hash);
    const again = await plan({ url, schemaDir: dir });
    expect(again).toMatchObject({ statements: [], backfills: [], fastPath: true });
    const full = await plan({ url, schemaDir: dir, full: true });
    expect(full.statements).toEqual([]);
    expect(full.hash).toBe(again.hash);
    expect((await apply({ url, schemaDir: dir })).applied).toBe(false);
  });

  it('a comment change plans exactly one COMMENT statement', async () => {
    const url = await freshDatabase();
    await apply({ url, schemaDir: await schemaDir({ '10_orders.sql': ORDERS }) });
    const dir = await schemaDir({ '10_orders.sql': ORDERS.replace("'Order total in USD'", "'Order total, USD, taxes included'") });
    const p = await plan({ url, schemaDir: dir });
    expect(p.statements.map((s) => s.sql)).toEqual(["COMMENT ON COLUMN public.orders.total IS 'Order total, USD, taxes included'"]);
    await apply({ url, schemaDir: dir });
    const [row] = await query<{ d: string }>(url, "SELECT col_description('orders'::regclass, 3) AS d");
    expect(row.d).toBe('Order total, USD, taxes included');
  });

  it('the plan hash is stable and changes with the plan', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10_orders.sql': ORDERS });
    const [a, b] = [await plan({ url, schemaDir: dir }), await plan({ url, schemaDir: dir })];
    expect(a.hash).toBe(b.hash);
    const other = await plan({ url, schemaDir: await schemaDir({ '10_orders.sql': ORDERS + '\nCREATE INDEX orders_customer ON orders (customer_id);' }) });
    expect(other.hash).not.toBe(a.hash);
  });

  it('detects a change made by hand since the last revision (the fast path is never stale)', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10_orders.sql': ORDERS });
    await apply({ url, schemaDir: dir });
    await query(url, 'ALTER TABLE orders ADD COLUMN note text');
    const p = await plan({ url, schemaDir: dir });
    expect(p.fastPath).toBe(false);
    expect(p.statements.map((s) => `${s.kind} ${s.object}`)).toEqual(['drop_column public.orders.note']);
    expect(p.statements[0].deletesData).toBe(true);
  });

  it('refuses a plan that differs from the reviewed one, changing nothing', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10_orders.sql': ORDERS });
    const reviewed = await plan({ url, schemaDir: dir });
    await query(url, 'CREATE TABLE customers (id bigint PRIMARY KEY)');
    const fp = await fingerprint(url);
    const err = await apply({ url, schemaDir: dir, planHash: reviewed.hash }).catch((e) => e);
    expect(err).toBeInstanceOf(PlanChangedError);
    expect(err.exitCode).toBe(4);
    expect(await fingerprint(url)).toBe(fp);
    const now = await plan({ url, schemaDir: dir });
    expect((await apply({ url, schemaDir: dir, planHash: now.hash })).applied).toBe(true);
  });

  it('a revision left partial by a killed CREATE INDEX CONCURRENTLY the server finished: status and drift agree, apply records it complete', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int PRIMARY KEY, n int); INSERT INTO t VALUES (1, 1);');
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, n int);\nCREATE INDEX t_n ON t (n);' });
    // Online-safe: the index on the existing table is built CONCURRENTLY, after the transaction.
    const applied = await applySafe(url, dir, { online: 'on' });
    expect(applied.plan.statements.map((x) => `${x.phase} ${x.sql}`)).toEqual([expect.stringMatching(/^post CREATE INDEX CONCURRENTLY/i)]);
    // What a kill between the finished index and its record leaves: the transaction's record only.
    await query(url, `UPDATE schemaop.revisions SET outcome = 'partial', catalog_fingerprint = NULL, verified = false WHERE id = (SELECT max(id) FROM schemaop.revisions)`);
    const st = await status({ url, schemaDir: dir });
    expect(st).toMatchObject({ partial: true, filesMatchRevision: true });
    const d = await drift({ url, schemaDir: dir });
    expect(d).toMatchObject({ partial: true, clean: true });
    const plain = { bold: String, red: String, yellow: String, green: String, dim: String };
    expect(driftText(d, plain)).toMatch(/partial, started by .*\n.*every change of that partial revision is in the database/);
    expect(driftText(d, plain)).not.toMatch(/changed since that revision/);
    expect((await plan({ url, schemaDir: dir })).statements).toEqual([]);
    // The next apply has nothing to run and records the revision complete; the fast path is back.
    expect((await apply({ url, schemaDir: dir })).applied).toBe(false);
    expect(await status({ url, schemaDir: dir })).toMatchObject({ partial: false, liveMatchesRevision: true });
    expect((await withClient(url, (c) => currentRevision(c)))?.outcome).toBe('applied');
    expect((await plan({ url, schemaDir: dir })).fastPath).toBe(true);
    expect((await drift({ url, schemaDir: dir })).liveMatchesRevision).toBe(true);
  });

  it('is all or nothing: a failing statement rolls back every earlier one and is recorded as failed', async () => {
    const url = await freshDatabase('CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items VALUES (1), (2);');
    const fp = await fingerprint(url);
    // The new table is planned before the column that cannot be added to a table with rows.
    const dir = await schemaDir({
      '10.sql': 'CREATE TABLE audit (id int PRIMARY KEY);\nCREATE TABLE items (id int PRIMARY KEY, sku text NOT NULL);',
    });
    const err = await apply({ url, schemaDir: dir }).catch((e) => e);
    expect(err.message).toMatch(/statement \d+ of \d+ failed: column "sku" of relation "items" contains null values/);
    expect(err.message).toMatch(/add column "sku"/);
    expect(await fingerprint(url)).toBe(fp);
    expect(await query(url, "SELECT 1 FROM pg_class WHERE relname = 'audit'")).toEqual([]);
    const [rev] = await withClient(url, (c) => listRevisions(c));
    expect(rev).toMatchObject({ outcome: 'failed' });
    expect(rev.error).toMatch(/contains null values/);
    expect(await withClient(url, (c) => currentRevision(c))).toBeUndefined();
  });

  it('sends the transaction in batches; a statement failing inside a batch is named by its number, and nothing is applied', async () => {
    const url = await freshDatabase('CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items VALUES (1), (2);');
    const fp = await fingerprint(url);
    const tables = Array.from({ length: 260 }, (_, i) => `CREATE TABLE t${String(i).padStart(3, '0')} (id int PRIMARY KEY, note text); -- trailing comment\nCOMMENT ON TABLE t${String(i).padStart(3, '0')} IS 'no -- comment; here';`);
    const dir = await schemaDir({ '10.sql': `${tables.join('\n')}\nCREATE TABLE items (id int PRIMARY KEY, sku text NOT NULL);` });
    const planned = await plan({ url, schemaDir: dir });
    const failing = planned.statements.findIndex((s) => /sku/.test(s.sql)) + 1;
    expect(failing).toBeGreaterThan(200);
    const progress: string[] = [];
    const err = await apply({ url, schemaDir: dir, onProgress: (m) => progress.push(m) }).catch((e) => e);
    expect(err.message).toMatch(new RegExp(`statement ${failing} of ${planned.statements.length} failed: column "sku" of relation "items" contains null values`));
    expect(progress).toContain(`running statements 1 to 200 of ${planned.statements.length}`);
    expect(await fingerprint(url)).toBe(fp);
    // Without the failing column, the batches apply it all, and it converges.
    const ok = await schemaDir({ '10.sql': tables.join('\n') + '\nCREATE TABLE items (id int PRIMARY KEY, sku text);' });
    const r = await apply({ url, schemaDir: ok });
    expect(r.applied).toBe(true);
    expect(await query(url, "SELECT count(*)::int AS n FROM pg_description d JOIN pg_class c ON c.oid = d.objoid WHERE c.relname LIKE 't%' AND d.description = 'no -- comment; here'")).toEqual([{ n: 260 }]);
  });

  it('adds enum values before the transaction that uses them', async () => {
    const url = await freshDatabase();
    await apply({ url, schemaDir: await schemaDir({ '10.sql': "CREATE TYPE status AS ENUM ('new', 'done');\nCREATE TABLE jobs (id int PRIMARY KEY, s status NOT NULL DEFAULT 'new');" }) });
    const dir = await schemaDir({
      '10.sql': "CREATE TYPE status AS ENUM ('new', 'running', 'done');\nCREATE TABLE jobs (id int PRIMARY KEY, s status NOT NULL DEFAULT 'running');",
    });
    const p = await plan({ url, schemaDir: dir });
    expect(p.statements[0]).toMatchObject({ kind: 'add_enum_value', phase: 'pre', transactional: false });
    await apply({ url, schemaDir: dir });
    const [r] = await query<{ labels: string }>(url, "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) AS labels FROM pg_enum WHERE enumtypid = 'status'::regtype");
    expect(r.labels).toBe('new,running,done');
    expect((await plan({ url, schemaDir: dir, full: true })).statements).toEqual([]);
  });
});

describe('convergence is verified, never assumed', () => {
  it('an apply whose fresh full re-plan is not empty reports "not converged", records it and leaves the fast path off', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);' });
    // A defective plan step (standing in for an engine defect) that loses the table b, once.
    let lost = false;
    const loseB = {
      name: 'loses table b',
      run: async (st: Awaited<ReturnType<typeof plan>>['statements']) => (lost ? st : ((lost = true), st.filter((s) => !s.object.endsWith('.b')))),
    };
    const err = await apply({ url, schemaDir: dir, transforms: [loseB] }).catch((e) => e);
    expect(err).toBeInstanceOf(NotConvergedError);
    expect(err.exitCode).not.toBe(0);
    expect(err.message).toMatch(/not converged: revision 1 was applied, but a fresh full re-plan still has 1 difference\(s\):\n.*create table "public"\."b"/i);
    const [rev] = await withClient(url, (c) => listRevisions(c));
    expect(rev).toMatchObject({ id: 1, verified: false });
    expect(rev.error).toMatch(/not converged/);
    // Without a verified revision, plan diffs in full and finds what is missing.
    const p = await plan({ url, schemaDir: dir });
    expect(p.fastPath).toBe(false);
    expect(p.statements.map((s) => s.object)).toEqual(['public.b']);
    const fixed = await apply({ url, schemaDir: dir });
    expect(fixed.applied).toBe(true);
    expect((await withClient(url, (c) => listRevisions(c)))[0]).toMatchObject({ id: 2, verified: true });
    expect((await plan({ url, schemaDir: dir })).fastPath).toBe(true);
  });
});

describe('convergence is verified on the catalog too', () => {
  it('what the differ never plans (here: a step blind to column defaults, every time) is still "not converged"', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int, v int DEFAULT 1)');
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int, v int DEFAULT 2, w int);' });
    const blind = { name: 'blind to defaults', run: async (st: Awaited<ReturnType<typeof plan>>['statements']) => st.filter((s) => s.kind !== 'set_default') };
    const err = await apply({ url, schemaDir: dir, transforms: [blind] }).catch((e) => e);
    expect(err).toBeInstanceOf(NotConvergedError);
    // The re-plan is empty (the step hides the change again): the catalogs say what differs.
    expect(err.message).toMatch(/1 difference|2 difference/);
    expect(err.message).toContain('-- catalog differs: column live: public.t.v integer notnull=f default=1 ');
    expect(err.message).toContain('-- catalog differs: column desired: public.t.v integer notnull=f default=2 ');
    expect((await withClient(url, (c) => listRevisions(c)))[0]).toMatchObject({ id: 1, verified: false });
    // Without the defect the next apply converges, verified on the catalog.
    expect((await apply({ url, schemaDir: dir })).applied).toBe(true);
    expect((await withClient(url, (c) => listRevisions(c)))[0]).toMatchObject({ id: 2, verified: true });
  });
});

describe('invalid desired schema', () => {
  it('reports a syntax error as file:line:column and touches no database', async () => {
    const url = await freshDatabase('CREATE TABLE keep (id int)');
    const fp = await fingerprint(url);
    const dir = await schemaDir({ '10_a.sql': 'CREATE TABLE a (id int);\n', '20_b.sql': '-- b\nCREATE TABLE b (\n  id int,\n  name txt NOT NUL\n);\n' });
    const err = await plan({ url, schemaDir: dir }).catch((e) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toMatch(/^20_b\.sql:4:\d+: syntax error at or near "NUL"/);
    expect(err.exitCode).toBe(6);
    await expect(apply({ url, schemaDir: dir })).rejects.toThrow(/20_b\.sql:4/);
    expect(await fingerprint(url)).toBe(fp);
    expect(await hasMeta(url)).toBe(false);
  });

  it('reports a semantic error with the server message at the statement position', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10_a.sql': 'CREATE TABLE a (id int PRIMARY KEY);\n\nCREATE TABLE b (\n  a_id int REFERENCES missing (id)\n);\n' });
    const err = await plan({ url, schemaDir: dir }).catch((e) => e);
    // The server gives no position for this error: the failing statement's start is reported.
    expect(err.message).toMatch(/^10_a\.sql:3:1: relation "missing" does not exist/);
    expect(await hasMeta(url)).toBe(false);
  });

  it('locates an error that has no position (raised inside a function) by its statement', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({
      '10_a.sql': "CREATE TABLE a (id int);\nCREATE FUNCTION boom() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'bad data'; END $$;\nCREATE MATERIALIZED VIEW m AS SELECT boom();\n",
    });
    const err = await plan({ url, schemaDir: dir }).catch((e) => e);
    expect(err.message).toMatch(/^10_a\.sql:3:1: bad data/);
  });

  it('drops its scratch database also when the desired schema fails to load, and leftovers of killed runs', async () => {
    const url = await freshDatabase();
    // A scratch database left by a process of this machine that no longer exists.
    const dead = scratchName().replace(`_${process.pid}_`, '_999999999_');
    await query(url, `CREATE DATABASE "${dead}"`);
    const scratch = () => query(url, "SELECT datname FROM pg_database WHERE datname LIKE 'schemaop\\_dev\\_%' AND (datname LIKE $1 OR datname = $2)", [`%\\_${process.pid}\\_%`, dead]);
    expect(await scratch()).toHaveLength(1);
    await plan({ url, schemaDir: await schemaDir({ 'x.sql': 'CREATE TABLE x (id int REFERENCES nope);' }) }).catch(() => undefined);
    expect(await scratch()).toEqual([]);
  });

  it('an apply loads the desired schema once: its verification re-plans against the dev database its plan loaded, then drops it', async () => {
    const mine = (url: string) => query(url, "SELECT datname FROM pg_database WHERE datname LIKE 'schemaop\\_dev\\_%' AND datname LIKE $1", [`%\\_${process.pid}\\_%`]);
    const url = await freshDatabase();
    const dir = await schemaDir({ '10_orders.sql': ORDERS });
    const progress: string[] = [];
    let during: Promise<unknown[]> | undefined;
    const r = await apply({
      url,
      schemaDir: dir,
      onProgress: (m) => {
        progress.push(m);
        // Read as the verification starts (the query is sent at once; the verification takes longer).
        if (m.startsWith('verifying')) during = mine(url);
      },
    });
    expect(r.applied).toBe(true);
    expect(progress.filter((m) => /dev database/.test(m))).toEqual(['building the dev database from the desired schema', 'reusing the dev database loaded for the plan (the desired files are unchanged)']);
    expect(await during).toHaveLength(1);
    expect(await mine(url)).toEqual([]);
    // Plans that are no apply's build and drop their own.
    const p: string[] = [];
    await plan({ url, schemaDir: dir, full: true, onProgress: (m) => p.push(m) });
    expect(p.filter((m) => /dev database/.test(m))).toEqual(['building the dev database from the desired schema']);
    expect(await mine(url)).toEqual([]);
  });

  it('a plan with a pending rename builds a new dev database for the verification (the differ undoes renames in the one it reads)', async () => {
    const url = await freshDatabase('CREATE TABLE accounts (id int PRIMARY KEY, nick text);');
    const dir = await schemaDir({ '10.sql': '-- schemaop:renamed-from accounts\nCREATE TABLE users (id int PRIMARY KEY, nick text);' });
    const progress: string[] = [];
    const r = await apply({ url, schemaDir: dir, onProgress: (m) => progress.push(m) });
    expect(r.plan.statements.map((s) => s.kind)).toEqual(['rename_table', 'rename_constraint']);
    expect(progress.filter((m) => /dev database/.test(m))).toEqual(['building the dev database from the desired schema', 'building the dev database from the desired schema']);
  });
});

describe('backfills', () => {
  it('runs a declared backfill once, in the transaction, after the column exists', async () => {
    const url = await freshDatabase("CREATE TABLE creds (id int PRIMARY KEY, kind text NOT NULL); INSERT INTO creds VALUES (1, 'paper'), (2, 'live');");
    const files = {
      '10.sql': 'CREATE TABLE creds (id int PRIMARY KEY, kind text NOT NULL, nickname text);',
      'backfills/001_nick.sql': '-- schemaop:backfill creds_nickname\n-- Nickname defaults to the kind.\nUPDATE creds SET nickname = kind WHERE nickname IS NULL;\n',
    };
    const dir = await schemaDir(files);
    const p = await plan({ url, schemaDir: dir });
    expect(p.backfills).toMatchObject([{ id: 'creds_nickname', description: 'Nickname defaults to the kind.' }]);
    const r = await apply({ url, schemaDir: dir });
    expect(r.backfillRows).toEqual({ creds_nickname: 2 });
    expect(await query(url, 'SELECT nickname FROM creds ORDER BY id')).toEqual([{ nickname: 'paper' }, { nickname: 'live' }]);
    await query(url, "INSERT INTO creds VALUES (3, 'paper', NULL)");
    expect((await plan({ url, schemaDir: dir })).backfills).toEqual([]);
    expect((await apply({ url, schemaDir: dir })).applied).toBe(false);
    // Editing a backfill that already ran is reported, not re-run.
    const edited = await schemaDir({ ...files, 'backfills/001_nick.sql': files['backfills/001_nick.sql'].replace('= kind', "= 'x'") });
    const p2 = await plan({ url, schemaDir: edited });
    expect(p2.backfills).toEqual([]);
    expect(p2.warnings.join()).toMatch(/backfill creds_nickname .* changed after it ran/);
  });

  it('rolls the schema change back when the backfill fails', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);');
    const fp = await fingerprint(url);
    const dir = await schemaDir({
      '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, n int);',
      'backfills/1.sql': '-- schemaop:backfill bad\nUPDATE t SET n = 1 / (id - 1);\n',
    });
    await expect(apply({ url, schemaDir: dir })).rejects.toThrow(/division by zero/);
    expect(await fingerprint(url)).toBe(fp);
  });

  it('rejects a backfill file without exactly one id', async () => {
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int);', 'backfills/1.sql': 'UPDATE t SET id = id;' });
    await expect(plan({ url: await freshDatabase(), schemaDir: dir })).rejects.toThrow(/backfills\/1\.sql:1:1: a backfill file needs exactly one/);
  });
});

describe('concurrency and interruption', () => {
  it('serialises concurrent applies: one applies, the other then finds nothing to do', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10_orders.sql': ORDERS });
    const results = await Promise.all([apply({ url, schemaDir: dir }), apply({ url, schemaDir: dir })]);
    expect(results.map((r) => r.applied).sort()).toEqual([false, true]);
    expect((await withClient(url, (c) => listRevisions(c))).filter((r) => r.outcome === 'applied')).toHaveLength(1);
  });

  it('gives up waiting for another apply after the lock wait, naming who holds it on this database', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10_orders.sql': ORDERS });
    // An apply on another database of the same server holds its own lock: it is not the one reported.
    const other = await connect(await freshDatabase(), { purpose: 'deploy of another database' });
    try {
      await other.query('SELECT pg_advisory_lock(7310593858927120240)');
      await withClient(url, async (holder) => {
        await holder.query("SET application_name = 'other deploy'");
        await holder.query('SELECT pg_advisory_lock(7310593858927120240)');
        const err = await apply({ url, schemaDir: dir, lockWaitMs: 300 }).catch((e) => e);
        expect(err.exitCode).toBe(5);
        expect(err.message).toMatch(/another apply is running on this database \(held by pid \d+, other deploy/);
      });
    } finally {
      await other.end();
    }
    expect(await query(url, "SELECT 1 FROM pg_class WHERE relname = 'orders'")).toEqual([]);
  });

  it('an apply killed halfway leaves the database as it was, and the next apply succeeds', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);');
    const fp = await fingerprint(url);
    const dir = await schemaDir({
      '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, n int);\nCREATE TABLE t2 (id int);',
      'backfills/1.sql': '-- schemaop:backfill slow\nUPDATE t SET n = 1 WHERE pg_sleep(30) IS NOT NULL;\n',
    });
    const script = `require('tsx/cjs'); require(${JSON.stringify(path.resolve(__dirname, '../src/engine/apply.ts'))}).apply({ url: process.env.U, schemaDir: process.env.D });`;
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, U: url, D: dir }, cwd: path.resolve(__dirname, '..'), stdio: 'ignore' });
    // Wait until the apply is inside its transaction, running the slow backfill.
    for (let i = 0; i < 200; i++) {
      const r = await query(url, "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'UPDATE t SET n = 1%' AND state = 'active'");
      if (r.length) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    child.kill('SIGKILL');
    await new Promise((res) => child.on('exit', res));
    // The server notices the dead client and rolls its transaction back (this test's database
    // only: other tests' applies run on the same server).
    for (let i = 0; i < 100; i++) {
      const r = await query(url, "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'schemaop apply'");
      if (r.length === 0) break;
      await query(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'schemaop apply' AND query LIKE 'UPDATE t SET n = 1%'");
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(await fingerprint(url)).toBe(fp);
    expect(await hasMeta(url)).toBe(false);
    const quick = await schemaDir({ '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, n int);\nCREATE TABLE t2 (id int);', 'backfills/1.sql': '-- schemaop:backfill slow\nUPDATE t SET n = 1;\n' });
    expect((await apply({ url, schemaDir: quick, lockWaitMs: 5000 })).applied).toBe(true);
  });
});

describe('history, status, baseline, inspect', () => {
  it('records revisions and reports status against the live schema and schema/', async () => {
    const url = await freshDatabase();
    const dir = await schemaDir({ '10_orders.sql': ORDERS });
    expect((await status({ url, schemaDir: dir })).revision).toBeUndefined();
    const r = await apply({ url, schemaDir: dir });
    const st = await status({ url, schemaDir: dir });
    expect(st).toMatchObject({ liveMatchesRevision: true, filesMatchRevision: true });
    expect(st.revision).toMatchObject({ id: r.revision, kind: 'apply', outcome: 'applied', engine: 'builtin' });
    expect(st.revision!.statements.length).toBe(r.plan.statements.length);
    expect(st.revision!.durationMs).toBeGreaterThanOrEqual(0);
    await query(url, 'CREATE INDEX by_hand ON orders (total)');
    expect(await status({ url, schemaDir: dir })).toMatchObject({ liveMatchesRevision: false, filesMatchRevision: true });
  });

  it('baselines an existing database without changing it', async () => {
    const url = await freshDatabase(ORDERS + "INSERT INTO customers (email) VALUES ('a@example.com');");
    const fp = await fingerprint(url);
    const dir = await schemaDir({ '10_orders.sql': ORDERS, 'backfills/1.sql': '-- schemaop:backfill old_fix\nUPDATE customers SET email = lower(email);\n' });
    const b = await baseline({ url, schemaDir: dir });
    expect(b.plan.statements).toEqual([]);
    expect(await fingerprint(url)).toBe(fp);
    const p = await plan({ url, schemaDir: dir });
    expect(p).toMatchObject({ fastPath: true, statements: [], backfills: [] });
    // A database that schema/ does not describe exactly is baselined without claiming it does.
    const other = await freshDatabase(ORDERS + 'CREATE TABLE legacy (id int);');
    const b2 = await baseline({ url: other, schemaDir: dir });
    expect(b2.plan.statements.map((s) => s.kind)).toEqual(['drop_table']);
    expect((await plan({ url: other, schemaDir: dir })).statements.map((s) => s.kind)).toEqual(['drop_table']);
  });

  it('inspect prints DDL that, used as schema/, plans nothing against the same database', async () => {
    const url = await freshDatabase(ORDERS + "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;\nCREATE TYPE mood AS ENUM ('ok', 'meh');");
    const sql = await inspectSql({ url });
    expect(sql).toMatch(/create table "public"."orders"/i);
    expect(sql).toMatch(/COMMENT ON COLUMN public.orders.total IS 'Order total in USD'/);
    const p = await plan({ url, schemaDir: await schemaDir({ 'schema.sql': sql }), full: true });
    expect(p.statements.map((s) => s.sql)).toEqual([]);
  });
});

describe('lock timeouts', () => {
  it('retries the whole transaction when a lock is not available, then succeeds once it is released', async () => {
    const url = await freshDatabase('CREATE TABLE busy (id int PRIMARY KEY);');
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE busy (id int PRIMARY KEY, note text);\nCREATE TABLE other (id int);' });
    await withClient(url, async (holder) => {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE busy IN ACCESS SHARE MODE');
      // Without retries the apply gives up after its lock_timeout, and nothing is changed.
      const err = await apply({ url, schemaDir: dir, lockTimeoutMs: 200 }).catch((e) => e);
      expect(err.message).toMatch(/lock_timeout: another session holds a lock/);
      expect(await query(url, "SELECT 1 FROM pg_class WHERE relname = 'other'")).toEqual([]);
      // With retries it keeps trying, holding no lock between attempts, and succeeds once released.
      const retrying = apply({ url, schemaDir: dir, lockTimeoutMs: 200, retries: 10 });
      await new Promise((r) => setTimeout(r, 700));
      await holder.query('COMMIT');
      expect((await retrying).applied).toBe(true);
    });
    expect(await query(url, "SELECT 1 FROM pg_class WHERE relname = 'other'")).toHaveLength(1);
  });
});

describe('objects not declared in schema/', () => {
  it('labels as unmanaged every object a plan drops that no schema file declares, and nothing it re-creates', async () => {
    const url = await freshDatabase();
    await query(url, 'CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); CREATE TABLE t (a int); CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT a FROM t');
    const p = await plan({ url, schemaDir: await schemaDir({ '10.sql': 'CREATE TABLE t (a bigint);\nCREATE VIEW v AS SELECT a FROM t;\n' }) });
    const unmanaged = p.warnings.filter((w) => w.startsWith('unmanaged:'));
    // The table's key index goes with the table's drop (not a statement of its own).
    expect(unmanaged.sort()).toEqual([
      expect.stringContaining('index public.t_a, which no file in schema/ declares'),
      expect.stringContaining('table public.alembic_version, which no file in schema/ declares'),
    ]);
  });

  it('leaves excluded objects alone: neither created, altered nor dropped, for exact names and globs', async () => {
    const url = await freshDatabase();
    await query(url, 'CREATE SCHEMA legacy; CREATE TABLE legacy.old (a int); CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); CREATE TABLE t (a int); CREATE TABLE tmp_x (a int)');
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (a int);\nCREATE TABLE tmp_y (b int);\nCREATE INDEX ON t (a);\n' });
    const p = await plan({ url, schemaDir: dir, exclude: ['public.alembic_version', 'legacy.*', '*.tmp_*'] });
    expect(p.statements.map((s) => s.sql).join('\n')).not.toMatch(/alembic_version|legacy|tmp_/);
    expect(p.statements.map((s) => s.kind)).toEqual(['create_index']);
    expect(p.warnings.filter((w) => w.startsWith('unmanaged:'))).toEqual([]);
    const all = await plan({ url, schemaDir: dir });
    expect(all.statements.map((s) => s.sql).join('\n')).toMatch(/alembic_version/);
  });

  it('refuses an exclude pattern that is not schema.name, saying what one looks like', () => {
    for (const bad of ['alembic_version', 'public.a.b', "public.x'; DROP"]) {
      const r = ExcludeSchema.safeParse([bad]);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toMatch(/schema\.name.*public\.alembic_version, legacy\.\*/);
    }
    expect(ExcludeSchema.safeParse(['legacy.*', '*.tmp_*']).success).toBe(true);
  });
});

describe('adopting a database Alembic managed', () => {
  // The platform's history as the seed documents tell it, run in order as Alembic ran it.
  const MIGRATIONS = [
    `CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);
     CREATE TABLE user_accounts (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE, name varchar(100) NOT NULL);
     CREATE TABLE user_credentials (id bigserial PRIMARY KEY, user_account_id bigint NOT NULL REFERENCES user_accounts(id) ON DELETE CASCADE, credential_type varchar(50) NOT NULL);
     CREATE UNIQUE INDEX idx_user_credentials_unique ON user_credentials (user_account_id, credential_type);`,
    `DROP INDEX IF EXISTS idx_user_credentials_unique;
     ALTER TABLE user_credentials ADD COLUMN IF NOT EXISTS nickname varchar(255);
     UPDATE user_credentials SET nickname = credential_type WHERE nickname IS NULL;
     CREATE INDEX IF NOT EXISTS idx_user_credentials_nickname ON user_credentials (user_account_id, nickname);`,
    `CREATE TABLE exchanges (id serial PRIMARY KEY, code varchar(32) NOT NULL UNIQUE, name text NOT NULL);
     ALTER TABLE user_accounts ADD COLUMN exchange_id integer REFERENCES exchanges(id) ON DELETE SET NULL;`,
  ];
  const SCHEMA = `CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);
CREATE TABLE exchanges (id serial PRIMARY KEY, code varchar(32) NOT NULL UNIQUE, name text NOT NULL);
CREATE TABLE user_accounts (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE, name varchar(100) NOT NULL,
  exchange_id integer REFERENCES exchanges(id) ON DELETE SET NULL);
CREATE TABLE user_credentials (id bigserial PRIMARY KEY, user_account_id bigint NOT NULL REFERENCES user_accounts(id) ON DELETE CASCADE,
  credential_type varchar(50) NOT NULL, nickname varchar(255));
CREATE INDEX idx_user_credentials_nickname ON user_credentials (user_account_id, nickname);
`;

  it('baselines it with its head recorded, then applies the next change with alembic_version untouched', async () => {
    const url = await freshDatabase();
    for (const m of MIGRATIONS) await query(url, m);
    await query(url, "CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES ('c3d4e5f6a7b8')");
    const dir = await schemaDir({ '10_schema.sql': SCHEMA });
    const b = await baseline({ url, schemaDir: dir });
    expect(b.alembic).toEqual({ table: 'public.alembic_version', heads: ['c3d4e5f6a7b8'] });
    expect(b.plan.statements).toEqual([]);
    const [rev] = await query(url, 'SELECT adopted_from, verified FROM schemaop.revisions WHERE id = $1', [b.revision]);
    expect(rev).toEqual({ adopted_from: { tool: 'alembic', table: 'public.alembic_version', heads: ['c3d4e5f6a7b8'] }, verified: true });
    // The next change, as schema/ edit: users.email becomes nullable. alembic_version is excluded as schemaop.yaml would say.
    const next = await schemaDir({ '10_schema.sql': SCHEMA.replace('email varchar(255) NOT NULL UNIQUE', 'email varchar(255) UNIQUE') });
    const exclude = ['public.alembic_version'];
    const r = await apply({ url, schemaDir: next, exclude });
    expect(r.plan.statements.map((s) => s.kind)).toEqual(['drop_not_null']);
    expect((await plan({ url, schemaDir: next, exclude, full: true })).statements).toEqual([]);
    expect(await query(url, 'SELECT version_num FROM alembic_version')).toEqual([{ version_num: 'c3d4e5f6a7b8' }]);
  });
});
