// Faults during an apply: the process killed (-9) at each stage. From a second connection we
// measure how long the dead apply's server session keeps its locks: the server must notice the
// dead client within seconds (client_connection_check_interval, keepalives), whatever it runs.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, withClient } from '../../src/db/connect';
import { apply } from '../../src/engine/apply';
import { catalogFingerprint } from '../../src/engine/fingerprint';
import { freshDatabase, query } from '../support/db';
import { schemaDir } from '../support/schema';

const ROOT = path.resolve(__dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fingerprint = (url: string) => withClient(url, (c) => catalogFingerprint(c));

function startApply(url: string, dir: string) {
  const script = `require('tsx/cjs'); require(${JSON.stringify(path.join(ROOT, 'src/engine/apply.ts'))}).apply({ url: process.env.U, schemaDir: process.env.D, lockTimeoutMs: 60000 }).catch(() => {});`;
  return spawn(process.execPath, ['-e', script], { env: { ...process.env, U: url, D: dir }, cwd: ROOT, stdio: 'ignore' });
}

async function waitFor(url: string, sql: string, ms = 60_000): Promise<void> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await sleep(100)) if ((await query(url, sql)).length) return;
  throw new Error(`timed out waiting for: ${sql}`);
}

/** Kills the apply, then measures until no session of it holds or waits for a lock (ms). */
async function killAndMeasure(url: string, child: ReturnType<typeof spawn>): Promise<number> {
  child.kill('SIGKILL');
  const t0 = Date.now();
  await new Promise((r) => child.on('exit', r));
  for (;;) {
    // This test's database only: other tests' applies run on the same server.
    const r = await query(url, `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'schemaop apply' AND a.datname = current_database()`);
    if (r.length === 0) return Date.now() - t0;
    if (Date.now() - t0 > 60_000) return Infinity;
    await sleep(50);
  }
}

const stages: { stage: string; files: Record<string, string>; running: string; blocker?: boolean }[] = [
  {
    stage: 'while a long backfill runs (the server is busy, not reading from the client)',
    files: { '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, n int);', 'backfills/1.sql': '-- schemaop:backfill slow\nUPDATE t SET n = 1 WHERE pg_sleep(60) IS NOT NULL;\n' },
    running: "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'UPDATE t SET n = 1%' AND state = 'active'",
  },
  {
    stage: 'while a statement waits for a table lock another session holds',
    files: { '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, n int);' },
    blocker: true,
    running: "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'schemaop apply' AND wait_event_type = 'Lock'",
  },
];

describe('faults: a killed apply releases its locks within seconds and changes nothing', () => {
  const measured: number[] = [];
  for (const s of stages) {
    it(s.stage, async () => {
      const url = await freshDatabase('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);');
      const fp = await fingerprint(url);
      const blocker = s.blocker ? await connect(url) : undefined;
      if (blocker) await blocker.query('BEGIN; LOCK TABLE t IN ACCESS SHARE MODE');
      const child = startApply(url, await schemaDir(s.files));
      await waitFor(url, s.running);
      const held = await killAndMeasure(url, child);
      if (blocker) await blocker.query('COMMIT').finally(() => blocker.end());
      measured.push(held);
      console.log(`killed apply ${s.stage}: locks released after ${held} ms`);
      expect(held).toBeLessThan(5_000);
      expect(await fingerprint(url)).toBe(fp);
      // And the next apply finishes the work.
      const quick = { ...s.files, ...(s.files['backfills/1.sql'] ? { 'backfills/1.sql': '-- schemaop:backfill slow\nUPDATE t SET n = 1;\n' } : {}) };
      expect((await apply({ url, schemaDir: await schemaDir(quick), lockWaitMs: 5_000 })).applied).toBe(true);
    });
  }
});
