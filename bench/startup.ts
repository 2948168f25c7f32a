// Benchmark: the wall time of a no-change `schemaop plan`, measured as a whole process (start-up,
// module loading, connection, fingerprint, seeds and grants planning, report), on a database the
// project's schema/, seeds/ and access/ were applied to. Both ways the command can run: the
// compiled JavaScript (dist/, built by `npm ci`) and the TypeScript sources through tsx.
//
//   npx tsx bench/startup.ts [--runs 5]     (target: under 0.3 s wall clock with dist/)
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { quoteIdent, withClient } from '../src/db/connect';
import { withDatabase } from '../src/db/url';
import { exec } from '../src/util/exec';
import { RUNS, median, run, withBenchServer } from './support';

const ROOT = path.resolve(__dirname, '..');
const TARGET_S = 0.3;
const log = (...a: unknown[]) => console.error('[bench:startup]', ...a);

const schemaop = (args: string[], env: Record<string, string> = {}) =>
  exec(process.execPath, [path.join(ROOT, 'bin/schemaop.js'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });

run(() =>
  withBenchServer('startup', log, async (serverUrl) => {
    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent('bench_startup')} TEMPLATE template0`));
    const url = withDatabase(serverUrl, 'bench_startup');
    const common = ['--url', url, '--env', 'dev', '-q'];
    const a = await schemaop(['apply', '--auto-approve', ...common]);
    if (a.code !== 0) throw new Error(`apply failed (exit ${a.code}): ${a.stderr}`);
    const ways: [string, Record<string, string>][] = [
      ['compiled (dist/)', {}],
      ['sources (tsx)', { SCHEMAOP_FROM_SOURCE: '1' }],
    ];
    const results: Record<string, number> = {};
    for (const [name, env] of ways) {
      await schemaop(['plan', ...common], env); // warm the file cache
      const times: number[] = [];
      for (let i = 0; i < Math.max(RUNS, 3); i++) {
        const t0 = performance.now();
        const r = await schemaop(['plan', ...common], env);
        times.push((performance.now() - t0) / 1000);
        if (r.code !== 0 || !/No changes/.test(r.stdout)) throw new Error(`plan was not a no-change plan (exit ${r.code}): ${r.stdout}${r.stderr}`);
      }
      results[name] = median(times);
      log(`${name}: ${times.map((t) => t.toFixed(3)).join(' ')} s`);
    }
    const compiled = results['compiled (dist/)'];
    console.log(
      `no-change plan, whole process, median wall time: ${Object.entries(results)
        .map(([k, v]) => `${k} ${v.toFixed(3)} s`)
        .join(', ')}; target ${TARGET_S} s, ${(compiled / TARGET_S).toFixed(1)}x it: ${compiled < TARGET_S ? 'met' : 'NOT met'}`,
    );
  }),
);
