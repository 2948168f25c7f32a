// Online-safe plans on a real database: the steps, their convergence, re-running an interrupted
// apply, and writes that keep flowing while an index is built and a column becomes NOT NULL.
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect';
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
 * recording each write (a failed write ends it, and `stop` throws).
 */
async function writer(url: string, insert: (i: number) => [string, unknown[]]) {
  const c = await connect(url);
  const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
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
    pid,
    async stop() {
      stop = true;
      await loop;
      await c.end();
    },
  };
}

describe('online-safe plans', () => {
  it('a step that takes a strong lock carries its lock_timeout and retries, which apply carries out: behind a held lock it gives up, rolls back and tries again until the lock is free', async () => {
    const url = await freshDatabase("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, 'x' FROM generate_series(1, 100) g;");
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL);' });
    const config = { lockTimeout: '100ms', retries: 20 };
    const planned = await planSafe(url, dir, { online: 'on', config });
    expect(planned.statements.map((s) => [s.kind, s.retry])).toEqual([
      ['add_constraint', { lockTimeoutMs: 100, retries: 20 }],
      ['validate_constraint', { lockTimeoutMs: 100, retries: 20 }],
      ['set_not_null', { lockTimeoutMs: 100, retries: 20 }],
      ['drop_constraint', { lockTimeoutMs: 100, retries: 20 }],
    ]);
    // The text is the statement itself; the policy is a field, part of the hash.
    expect(planned.statements.every((s) => s.sql.startsWith('ALTER TABLE'))).toBe(true);
    expect((await planSafe(url, dir, { online: 'on', config: { ...config, retries: 3 } })).hash).not.toBe(planned.hash);
    // Another session holds a lock every step waits on, until apply has given up at least once.
    const holder = await connect(url);
    const progress: string[] = [];
    let sawRetry!: () => void;
    const retried = new Promise<void>((r) => (sawRetry = r));
    try {
      const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE t IN ROW EXCLUSIVE MODE');
      const applying = applySafe(url, dir, { online: 'on', config }, {
        onProgress: (m) => {
          progress.push(m);
          if (/a lock was not available within 100ms; retrying/.test(m)) sawRetry();
        },
      });
      await retried;
      // While it waits between attempts, it holds no lock on the table and no transaction open.
      const held = await query(url, `SELECT count(*)::int AS n FROM pg_locks WHERE relation = 't'::regclass AND granted AND pid NOT IN (pg_backend_pid(), ${holderPid})`);
      expect(held).toEqual([{ n: 0 }]);
      await holder.query('COMMIT');
      const r = await applying;
      expect(r.applied).toBe(true);
      expect(progress.filter((m) => /retrying \(\d+ of 20\)/.test(m)).length).toBeGreaterThan(0);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
    expect(await query(url, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'v'")).toEqual([{ attnotnull: true }]);
    expect((await planSafe(url, dir, { online: 'on', config })).statements).toEqual([]);
  });

  it('a step whose lock never comes gives up after its retries: the error names the lock wait, the committed part is kept and the next apply finishes', async () => {
    const url = await freshDatabase("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, 'x' FROM generate_series(1, 10) g;");
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL);' });
    const config = { lockTimeout: '50ms', retries: 2 };
    const holder = await connect(url);
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE t IN ACCESS SHARE MODE');
      const err = await applySafe(url, dir, { online: 'on', config }).then(() => undefined, (e: Error) => e);
      expect(err?.message).toMatch(/statement 1 of 4 failed: .*lock_timeout: another session holds a lock/s);
      expect(err?.message).toMatch(/run apply again to finish/);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect((await applySafe(url, dir, { online: 'on', config })).applied).toBe(true);
    expect((await planSafe(url, dir, { online: 'on', config })).statements).toEqual([]);
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
    expect(p.statements.filter((s) => s.kind !== 'create_index' && s.kind !== 'drop_index').every((s) => s.retry?.lockTimeoutMs === 2000 && s.retry.retries === 5)).toBe(true);
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

  it('writes keep flowing during an online index build and NOT NULL change, even behind a long reader: the index is built concurrently, every other step waits at most the lock timeout and retries', async () => {
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
      const r = await applySafe(url, dir, { online: 'on', config: { lockTimeout: `${LOCK_TIMEOUT}ms`, retries: 20 } });
      clearTimeout(release);
      expect(r.applied).toBe(true);
      // The mechanism, not the clock (a loaded machine stretches any wait): every step runs after
      // the transaction, each in its own; the index is built CONCURRENTLY (no lock writes wait
      // on); every other step sets the lock timeout before it asks for its lock and retries when it
      // expires, so a write queued behind it waits at most that long.
      expect(r.plan.statements.every((s) => s.phase === 'post')).toBe(true);
      for (const s of r.plan.statements) {
        if (/^CREATE INDEX CONCURRENTLY/i.test(s.sql)) continue;
        expect(s.retry, s.sql).toEqual({ lockTimeoutMs: LOCK_TIMEOUT, retries: 20 });
      }
      expect(r.plan.statements.some((s) => /^CREATE INDEX CONCURRENTLY/i.test(s.sql))).toBe(true);
      // Writes went on while it ran, none failed (a failed write would have ended the writer).
      expect(latencies.length).toBeGreaterThan(before);
    } finally {
      await writes.stop();
      await reader.query('ROLLBACK').catch(() => undefined);
      await reader.end();
    }
    expect(await query(url, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'ticks'::regclass AND attname = 'venue'")).toEqual([{ attnotnull: true }]);
    expect(await query(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ticks_account'::regclass")).toEqual([{ indisvalid: true }]);
  });

  it('an added column and its backfill: each batch its own short transaction after the one that added the column, holding no strong lock, with writes between batches', async () => {
    // Observed in the database, not by the clock: a statement trigger records each batch's
    // transaction id and the locks its transaction then holds on the table (pg_locks); the writer
    // and the batches draw from one sequence, which orders them.
    const OBSERVERS = `
      CREATE SEQUENCE events;
      CREATE TABLE batch_log (seq bigint PRIMARY KEY DEFAULT nextval('events'), pid int NOT NULL, xid xid8 NOT NULL, locks text[] NOT NULL);
      CREATE TABLE write_log (seq bigint PRIMARY KEY);
      CREATE FUNCTION log_batch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO batch_log (pid, xid, locks)
        SELECT pg_backend_pid(), pg_current_xact_id(), array(SELECT DISTINCT mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND relation = 'ticks'::regclass ORDER BY mode);
        RETURN NULL;
      END $$;
      CREATE TRIGGER log_batch AFTER UPDATE ON ticks FOR EACH STATEMENT EXECUTE FUNCTION log_batch();`;
    const url = await freshDatabase(`
      CREATE TABLE ticks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account int, price numeric);
      INSERT INTO ticks (account, price) SELECT g % 1000, g FROM generate_series(1, 300000) g;
      ${OBSERVERS}
      ANALYZE ticks;`);
    const dir = await schemaDir({
      '10.sql': `CREATE TABLE ticks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account int, price numeric, region text);\n${OBSERVERS}`,
      'backfills/region.sql': "-- schemaop:backfill ticks_region\nUPDATE ticks SET region = 'eu' WHERE region IS NULL;\n",
    });
    const shown = await planSafe(url, dir, { online: 'on' });
    expect(shown.backfillBatchRows).toBe(10_000);
    expect(summary(shown)).toEqual(['transaction add_column public.ticks.region']);
    const writes = await writer(url, (i) => [
      'WITH w AS (INSERT INTO ticks (account, price) VALUES ($1, $2) RETURNING 1) INSERT INTO write_log SELECT nextval(\'events\') FROM w',
      [i % 1000, i],
    ]);
    const steps: string[] = [];
    try {
      const r = await applySafe(url, dir, { online: 'on', config: { lockTimeout: '400ms', retries: 20 } }, { onProgress: (m) => steps.push(m) });
      expect(r.applied).toBe(true);
      expect(r.backfillRows.ticks_region).toBeGreaterThanOrEqual(300_000);
    } finally {
      await writes.stop();
    }
    // The writer's own UPDATEs fire the trigger too: the backfill's are the others.
    const batches = await query<{ seq: string; xid: string; locks: string[] }>(url, `SELECT seq::text, xid::text, locks FROM batch_log WHERE pid <> ${writes.pid} ORDER BY batch_log.seq`);
    const batchSteps = steps.filter((m) => /^backfill ticks_region: \d+ rows$/.test(m)).length;
    expect(batchSteps).toBeGreaterThanOrEqual(30);
    // Every UPDATE of the backfill ran in a transaction of its own: as many transactions as batches.
    expect(batches.length).toBeGreaterThanOrEqual(batchSteps);
    expect(new Set(batches.map((b) => b.xid)).size).toBe(batches.length);
    // None ran in the transaction that added the column (it held ACCESS EXCLUSIVE until its
    // commit): a batch holds only the locks of an UPDATE.
    const held = new Set(batches.flatMap((b) => b.locks));
    expect([...held].sort()).toEqual(expect.arrayContaining(['RowExclusiveLock']));
    for (const mode of held) expect(['AccessShareLock', 'RowShareLock', 'RowExclusiveLock'], `a batch held ${mode} on ticks`).toContain(mode);
    // The backfill's transactions were done when the apply returned: no lock on ticks is left.
    expect(await query(url, "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = current_database() AND l.relation = 'ticks'::regclass")).toEqual([{ n: 0 }]);
    // Writes went in between the batches, not after the backfill.
    const [first, last] = [BigInt(batches[0].seq), BigInt(batches[batches.length - 1].seq)];
    const between = (await query<{ seq: string }>(url, 'SELECT seq::text FROM write_log')).filter((w) => BigInt(w.seq) > first && BigInt(w.seq) < last);
    console.log(`online apply of a column and its 300,000-row backfill: ${batches.length} batches, each its own transaction; ${between.length} writes between the first and the last`);
    expect(between.length).toBeGreaterThan(0);
    expect(await query(url, "SELECT count(*)::int AS n FROM ticks WHERE region IS NULL AND id <= 300000")).toEqual([{ n: 0 }]);
  });
});
