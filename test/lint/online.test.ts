// Online-safe plans on a real database: the steps, their convergence, re-running an interrupted
// apply, and writes that keep flowing while an index is built and a column becomes NOT NULL.
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect';
import { isRetryWrapped, unwrapRetry, wrapWithRetry } from '../../src/engine/retry';
import { catalogSnapshot, snapshotDiff } from '../support/catalog-compare';
import { freshDatabase, query } from '../support/db';
import { schemaDir } from '../support/schema';
import { applySafe, planSafe, summary } from './support';

const BEFORE = `
CREATE TABLE users (id int PRIMARY KEY, email text, nick text);
CREATE TABLE orders (id int PRIMARY KEY, user_id int, total numeric, note text);
CREATE INDEX orders_note ON orders (note);
INSERT INTO users SELECT g, 'u' || g || '@x', 'n' || g FROM generate_series(1, 100) g;
INSERT INTO orders SELECT g, g % 100 + 1, g FROM generate_series(1, 300) g;`;

const AFTER = `
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, nick text, CONSTRAINT users_nick_key UNIQUE (nick));
CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users(id), total numeric CHECK (total >= 0), note text);
CREATE INDEX orders_user ON orders (user_id);`;

/**
 * A writer that alternates an INSERT and an UPDATE of an existing row on `ticks` until stopped,
 * timing each write: how long writes wait while an apply runs.
 */
async function writer(url: string, insert: (i: number) => [string, unknown[]]) {
  const c = await connect(url);
  const latencies: number[] = [];
  let stop = false;
  const loop = (async () => {
    for (let i = 0; !stop; i++) {
      const t0 = performance.now();
      await (i % 2 ? c.query(...insert(i)) : c.query('UPDATE ticks SET price = price + 1 WHERE id = $1', [1 + ((i * 7919) % 300000)]));
      latencies.push(performance.now() - t0);
    }
  })();
  return {
    latencies,
    async stop() {
      stop = true;
      await loop;
      await c.end();
    },
  };
}

describe('online-safe plans', () => {
  it('retry wrapper: the statement is read back with the scanner', () => {
    const sql = 'ALTER TABLE "public"."t" VALIDATE CONSTRAINT "c"';
    const w = wrapWithRetry(sql, { lockTimeoutMs: 300, retries: 3 });
    expect(w).toMatch(/^DO \$schemaop_retry\$/);
    expect(unwrapRetry(w)).toBe(sql);
    expect(isRetryWrapped(w)).toBe(true);
    expect(unwrapRetry(sql)).toBe(sql);
  });

  it('plans every strong-lock change as short steps after the transaction, passes prod lint, applies and converges', async () => {
    const url = await freshDatabase(BEFORE);
    const dir = await schemaDir({ '10.sql': AFTER });
    const p = await planSafe(url, dir, { online: 'on' });
    expect(summary(p)).toEqual([
      'post drop_index public.orders_note',
      'post add_constraint public.users.users_email_schemaop_nn',
      'post validate_constraint public.users.users_email_schemaop_nn',
      'post set_not_null public.users.email',
      'post drop_constraint public.users.users_email_schemaop_nn',
      'post create_index public.orders_user',
      'post create_index public.users_nick_key',
      'post add_constraint public.orders.orders_total_check',
      'post add_constraint public.orders.orders_user_id_fkey',
      'post add_constraint public.users.users_nick_key',
      'post validate_constraint public.orders.orders_total_check',
      'post validate_constraint public.orders.orders_user_id_fkey',
    ]);
    expect(p.statements.find((s) => s.object === 'public.users_nick_key')!.sql).toMatch(/^CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_nick_key/);
    expect(p.statements.filter((s) => s.kind !== 'create_index' && s.kind !== 'drop_index').every((s) => isRetryWrapped(s.sql))).toBe(true);
    expect(p.findings.filter((f) => f.level === 'block')).toEqual([]);
    // Without online-safe steps the same change blocks in prod.
    const raw = await planSafe(url, dir, { online: 'off' });
    expect(new Set(raw.findings.filter((f) => f.level === 'block').map((f) => f.rule))).toEqual(new Set(['set_not_null', 'create_index_non_concurrent', 'drop_index_non_concurrent', 'add_check_constraint', 'add_foreign_key']));
    const r = await applySafe(url, dir, { online: 'on' });
    expect(r.applied).toBe(true);
    expect(snapshotDiff(await catalogSnapshot(url), await catalogSnapshot(await freshDatabase(AFTER)))).toEqual([]);
  });

  it('an interrupted apply is re-run to completion: the leftover check is reused, an invalid index rebuilt', async () => {
    const url = await freshDatabase(BEFORE + "\nINSERT INTO users VALUES (101, null, 'z');");
    const dir = await schemaDir({ '10.sql': AFTER });
    // A NULL row the plan can see: SET NOT NULL stays in the transaction (an online step would fail
    // the same), and set_not_null blocks the plan, so nothing is applied.
    await expect(applySafe(url, dir, { online: 'on' })).rejects.toThrow(/blocked by 1 finding; nothing was applied:\n {2}set_not_null public\.users\.email: /);
    // Allowed anyway, the apply fails inside its transaction, before anything is committed.
    const failed = applySafe(url, dir, { online: 'on', allow: ['set_not_null:public.users.email:the test of an interrupted apply'] });
    await expect(failed).rejects.toThrow(/statement \d+ of \d+ failed.*email/);
    expect(await query(url, "SELECT count(*)::int AS n FROM pg_constraint WHERE conname LIKE '%schemaop_nn'")).toEqual([{ n: 0 }]);
    expect(await query(url, "SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'users_nick_key'")).toEqual([{ n: 0 }]);
    // Simulate an online apply killed half-way: its temporary check left NOT VALID, a CONCURRENTLY build left INVALID.
    await query(url, "UPDATE users SET email = 'fixed@x' WHERE email IS NULL; ALTER TABLE users ADD CONSTRAINT users_email_schemaop_nn CHECK (email IS NOT NULL) NOT VALID; CREATE INDEX orders_user ON orders (user_id); UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'orders_user'::regclass");
    const again = await planSafe(url, dir, { online: 'on' });
    const s = summary(again);
    expect(s).not.toContain('post add_constraint public.users.users_email_schemaop_nn'); // reused
    expect(s).toContain('post validate_constraint public.users.users_email_schemaop_nn');
    expect(s).toContain('post create_index public.orders_user'); // rebuilt
    expect((await applySafe(url, dir, { online: 'on' })).applied).toBe(true);
    expect(await query(url, "SELECT count(*)::int AS n FROM pg_constraint WHERE conname LIKE '%schemaop_nn'")).toEqual([{ n: 0 }]);
    expect(await query(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_user'::regclass")).toEqual([{ indisvalid: true }]);
    expect((await planSafe(url, dir, { online: 'on' })).statements).toEqual([]);
  });

  it('writes keep flowing during an online index build and NOT NULL change, even behind a long reader (no write waits longer than the lock timeout)', async () => {
    const LOCK_TIMEOUT = 400;
    const url = await freshDatabase(`
      CREATE TABLE ticks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account int, price numeric, venue text);
      INSERT INTO ticks (account, price, venue) SELECT g % 1000, g, 'v' || (g % 7) FROM generate_series(1, 300000) g;
      ANALYZE ticks;`);
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE ticks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account int, price numeric, venue text NOT NULL);\nCREATE INDEX ticks_account ON ticks (account, price);' });
    const writes = await writer(url, (i) => ['INSERT INTO ticks (account, price, venue) VALUES ($1, $2, $3)', [i % 1000, i, 'w']]);
    const { latencies } = writes;
    const reader = await connect(url);
    try {
      // A long reader holds ACCESS SHARE for 1.5 s: the ALTER steps must not queue writes behind it.
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM ticks WHERE id < 10');
      const release = setTimeout(() => void reader.query('COMMIT'), 1500);
      const before = latencies.length;
      const t0 = Date.now();
      const r = await applySafe(url, dir, { online: 'on', config: { lockTimeout: `${LOCK_TIMEOUT}ms`, retries: 20 } });
      const took = Date.now() - t0;
      clearTimeout(release);
      expect(r.applied).toBe(true);
      expect(r.plan.statements.every((s) => s.phase === 'post')).toBe(true);
      const during = latencies.slice(before);
      expect(took).toBeGreaterThan(1000); // the apply really overlapped the reader and the writes
      expect(during.length).toBeGreaterThan(50);
      // A write queued behind a waiting ALTER step waits until that step gives up (the lock
      // timeout) or gets its lock; the slack covers the round trip and the step's own instant.
      expect(Math.max(...during)).toBeLessThan(LOCK_TIMEOUT + 100);
    } finally {
      await writes.stop();
      await reader.query('ROLLBACK').catch(() => undefined);
      await reader.end();
    }
    expect(await query(url, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'ticks'::regclass AND attname = 'venue'")).toEqual([{ attnotnull: true }]);
    expect(await query(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ticks_account'::regclass")).toEqual([{ indisvalid: true }]);
  });

  it('an added column and its backfill: the backfill runs after the transaction in batches, so no write waits longer than the lock timeout', async () => {
    const LOCK_TIMEOUT = 400;
    const url = await freshDatabase(`
      CREATE TABLE ticks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account int, price numeric);
      INSERT INTO ticks (account, price) SELECT g % 1000, g FROM generate_series(1, 300000) g;
      ANALYZE ticks;`);
    const dir = await schemaDir({
      '10.sql': 'CREATE TABLE ticks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account int, price numeric, region text);',
      'backfills/region.sql': "-- schemaop:backfill ticks_region\nUPDATE ticks SET region = 'eu' WHERE region IS NULL;\n",
    });
    const shown = await planSafe(url, dir, { online: 'on' });
    expect(shown.backfillBatchRows).toBe(10_000);
    const writes = await writer(url, (i) => ['INSERT INTO ticks (account, price) VALUES ($1, $2)', [i % 1000, i]]);
    const { latencies } = writes;
    const steps: string[] = [];
    try {
      const before = latencies.length;
      const r = await applySafe(url, dir, { online: 'on', config: { lockTimeout: `${LOCK_TIMEOUT}ms`, retries: 20 } }, { onProgress: (m) => steps.push(m) });
      expect(r.applied).toBe(true);
      expect(r.backfillRows.ticks_region).toBeGreaterThanOrEqual(300_000);
      const during = latencies.slice(before);
      expect(steps.filter((m) => /^backfill ticks_region: \d+ rows$/.test(m)).length).toBeGreaterThanOrEqual(30);
      console.log(`online apply of a column and its 300,000-row backfill: ${during.length} writes, the longest waited ${Math.round(Math.max(...during))} ms`);
      expect(during.length).toBeGreaterThan(50); // the writes really overlapped the backfill
      // In one transaction with the ADD COLUMN, every write would wait for the whole UPDATE.
      expect(Math.max(...during)).toBeLessThan(LOCK_TIMEOUT + 100);
    } finally {
      await writes.stop();
    }
    expect(await query(url, "SELECT count(*)::int AS n FROM ticks WHERE region IS NULL AND id <= 300000")).toEqual([{ n: 0 }]);
  });
});
