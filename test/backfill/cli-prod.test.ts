// `schemaop apply --env prod` as users run it, on a table of a million rows that another session
// keeps writing to: the declared backfill runs after the apply transaction, each batch of 10,000
// rows its own transaction, never under the ACCESS EXCLUSIVE lock the ADD COLUMN took, so no
// write waits as long as its lock_timeout.
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type Client } from '../../src/db/connect';
import { schemaop } from '../support/cli';
import { dropDatabase, freshDatabase, query } from '../support/db';
import { schemaDir } from '../support/schema';

const ROWS = 1_000_000;
/** The writer's lock_timeout: the default lock timeout of an online-safe step (lint.lockTimeout). */
const WRITER_LOCK_TIMEOUT = '2s';

/** Writes until stopped (or a bound is reached): inserts, and updates of every 1000th row (the backfill's rows too). */
async function writer(url: string) {
  const c = await connect(url);
  await c.query(`SET lock_timeout = '${WRITER_LOCK_TIMEOUT}'`);
  const errors: string[] = [];
  let longest = 0;
  let writes = 0;
  let stop = false;
  const loop = (async () => {
    for (let i = 0; !stop && i < 200_000; i++) {
      const t0 = performance.now();
      try {
        if (i % 2) await c.query('INSERT INTO big (a) VALUES ($1)', [i]);
        else await c.query('UPDATE big SET a = a + 1 WHERE id = $1', [1000 * (1 + ((i * 7) % (ROWS / 1000)))]);
        writes++;
      } catch (e) {
        errors.push(`${(e as { code?: string }).code}: ${(e as Error).message}`);
      }
      longest = Math.max(longest, performance.now() - t0);
    }
  })();
  return {
    errors,
    get stats() {
      return { writes, longest };
    },
    async stop() {
      stop = true;
      await loop;
      await c.end();
    },
  };
}

interface Sample {
  xid: string | null;
  query: string;
  exclusive: boolean;
}

/** Samples the apply's session: its transaction id, what it runs, whether it holds ACCESS EXCLUSIVE on big. */
async function sampler(url: string) {
  const c: Client = await connect(url);
  const samples: Sample[] = [];
  let stop = false;
  const loop = (async () => {
    for (let i = 0; !stop && i < 100_000; i++) {
      const r = await c.query<Sample>(
        `SELECT a.backend_xid::text AS xid, a.query,
                EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.mode = 'AccessExclusiveLock'
                          AND l.relation = (SELECT oid FROM pg_class WHERE relname = 'big' AND relnamespace = 'public'::regnamespace)) AS exclusive
           FROM pg_stat_activity a
          WHERE a.datname = current_database() AND a.application_name = 'schemaop apply' AND a.state = 'active'`,
      );
      samples.push(...r.rows);
      await new Promise((res) => setTimeout(res, 5));
    }
  })();
  return {
    samples,
    async stop() {
      stop = true;
      await loop;
      await c.end();
    },
  };
}

describe('schemaop apply --env prod: a declared backfill on a busy table of a million rows', () => {
  const urls: string[] = [];
  afterAll(async () => {
    for (const u of urls) await dropDatabase(u);
  });

  it('runs in batches of 10,000 rows after the transaction, each its own transaction, never under ACCESS EXCLUSIVE; the writer never reaches its lock_timeout', async () => {
    const url = await freshDatabase(`
      CREATE TABLE big (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a int NOT NULL);
      INSERT INTO big (a) SELECT g FROM generate_series(1, ${ROWS}) g;
      ANALYZE big;`);
    urls.push(url);
    const dir = await schemaDir({
      '10_big.sql': 'CREATE TABLE big (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a int NOT NULL, d int);',
      'backfills/big_d.sql': '-- schemaop:backfill big_d\nUPDATE big SET d = a + 1 WHERE d IS NULL;\n',
    });

    const writes = await writer(url);
    const watch = await sampler(url);
    let r;
    try {
      r = await schemaop(['apply', '--env', 'prod', '--url', url, '--schema', dir, '--auto-approve']);
    } finally {
      await watch.stop();
      await writes.stop();
    }
    expect(r.code, r.stderr).toBe(0);
    // The plan shown, whose batch size is the one apply runs with.
    expect(r.stdout).toContain('-- backfill big_d (backfills/big_d.sql), runs once, after the transaction in batches of 10000 rows');
    expect(r.stdout).toMatch(/Backfills: big_d: \d+ rows/);

    // Each batch its own transaction: the backfilled rows carry one transaction id per batch (the
    // rows the writer updated excluded).
    const [{ xmins, left }] = await query<{ xmins: number; left: number }>(
      url,
      `SELECT count(DISTINCT xmin::text) FILTER (WHERE id <= ${ROWS} AND id % 1000 <> 0)::int AS xmins, count(*) FILTER (WHERE id <= ${ROWS} AND d IS NULL)::int AS left FROM big`,
    );
    expect(left).toBe(0);
    // 100 batches of 10,000 (a row the writer moved between a batch's pick and its update is
    // taken by a later batch, so a few more may run at the end).
    expect(xmins).toBeGreaterThanOrEqual(ROWS / 10_000);
    expect(xmins).toBeLessThanOrEqual(ROWS / 10_000 + 5);

    // Seen while it ran: the batch statement in several transactions, never holding ACCESS EXCLUSIVE on big.
    const backfill = watch.samples.filter((s) => /\bUPDATE big SET d\b/i.test(s.query));
    expect(backfill.length).toBeGreaterThan(0);
    expect(backfill.every((s) => s.query.startsWith('WITH batch AS'))).toBe(true);
    expect(backfill.filter((s) => s.exclusive)).toEqual([]);
    expect(new Set(backfill.map((s) => s.xid)).size).toBeGreaterThan(1);

    // The writer kept writing and never gave up waiting for a lock.
    expect(writes.errors).toEqual([]);
    expect(writes.stats.writes).toBeGreaterThan(0);
    console.log(`apply --env prod of a ${ROWS}-row backfill: ${xmins} transactions, ${backfill.length} samples of the backfill, ${writes.stats.writes} concurrent writes, the longest took ${Math.round(writes.stats.longest)} ms`);
  });
});
