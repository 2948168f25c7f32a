// Benchmark: the wall time of a no-change `schemaop plan`, measured as a whole process (start-up,
// module loading, connection, fingerprint, seeds and grants planning, report), on a database the
// project's schema/, seeds/ and access/ were applied to. Both ways the command can run: the
// compiled JavaScript (dist/, built by `npm ci`) and the TypeScript sources through tsx.
//
//   npx tsx bench/startup.ts [--runs 5]
//
// The target is relative, so that it means the same on a fast laptop and a loaded CI machine: the
// compiled command at most TARGET_RATIO times `node -e 0` (Node starting and exiting, nothing
// else), both measured in this run, interleaved. When it is not met, the phases of the compiled
// runs say where the time goes (SCHEMAOP_TRACE, src/util/trace.ts).
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { quoteIdent, withClient } from '../src/db/connect';
import { withDatabase } from '../src/db/url';
import { exec } from '../src/util/exec';
import { traceLine } from '../src/util/trace';
import { writeFigures } from './figures';
import { RUNS, median, run, withBenchServer } from './support';

const ROOT = path.resolve(__dirname, '..');
const TARGET_RATIO = 2;
const log = (...a: unknown[]) => console.error('[bench:startup]', ...a);

const schemaop = (args: string[], env: Record<string, string> = {}) =>
  exec(process.execPath, [path.join(ROOT, 'bin/schemaop.js'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });

/** Wall seconds of one run of `fn`. */
async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [(performance.now() - t0) / 1000, r];
}

/**
 * The phases of traced runs (wall and marks in ms): for each mark, the median time since the
 * previous one, in the marks' order; the first is Node's own start-up, the last what the process
 * took after its exit mark (teardown, and the spawn around it).
 */
function phases(traces: { wall: number; marks: [number, string][] }[]): string {
  const names: string[] = [];
  const spans = new Map<string, number[]>();
  const add = (name: string, ms: number) => {
    if (!spans.has(name)) names.push(name);
    spans.set(name, [...(spans.get(name) ?? []), ms]);
  };
  for (const { wall, marks } of traces) {
    const seen = new Map<string, number>();
    let prev = 0;
    for (const [t, m] of marks) {
      // A mark met twice (two connections) is numbered: its phases stay apart.
      const n = (seen.get(m) ?? 0) + 1;
      seen.set(m, n);
      add(n > 1 ? `${m} #${n}` : m, t - prev);
      prev = t;
    }
    add('after exit (teardown, spawn)', wall - prev);
  }
  return names.map((n) => `  ${median(spans.get(n)!).toFixed(0).padStart(5)} ms  ${n}`).join('\n');
}

/** Whether bin/schemaop.js will run dist/ (see distIsFresh there): else "compiled" would measure tsx. */
function distIsFresh(): boolean {
  let built: number;
  try {
    built = fs.statSync(path.join(ROOT, 'dist', '.built')).mtimeMs;
  } catch {
    return false;
  }
  const newer = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? newer(path.join(dir, e.name)) : e.name.endsWith('.ts') && fs.statSync(path.join(dir, e.name)).mtimeMs > built));
  return !newer(path.join(ROOT, 'src'));
}

run(() =>
  withBenchServer('startup', log, async (serverUrl) => {
    if (!distIsFresh()) throw new Error('dist/ is older than src/: run `npm run build` first (else the compiled runs would run the sources)');
    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent('bench_startup')} TEMPLATE template0`));
    const url = withDatabase(serverUrl, 'bench_startup');
    const common = ['--url', url, '--env', 'dev', '-q'];
    const a = await schemaop(['apply', '--auto-approve', ...common]);
    if (a.code !== 0) throw new Error(`apply failed (exit ${a.code}): ${a.stderr}`);
    const ways: [string, Record<string, string>][] = [
      ['compiled (dist/)', { SCHEMAOP_TRACE: '1' }],
      ['sources (tsx)', { SCHEMAOP_FROM_SOURCE: '1' }],
    ];
    const results: Record<string, number> = {};
    const nodeTimes: number[] = [];
    const traces: { wall: number; marks: [number, string][] }[] = [];
    for (const [name, env] of ways) {
      // Warm the file cache, and let the first runs after a build write what they keep (the V8 code
      // cache, the types check's record of the generated files, which names the bundle's files).
      for (let i = 0; i < 2; i++) await schemaop(['plan', ...common], env);
      const times: number[] = [];
      for (let i = 0; i < Math.max(RUNS, 5); i++) {
        const [n] = await timed(() => exec(process.execPath, ['-e', '0'], {}));
        nodeTimes.push(n);
        const [t, r] = await timed(() => schemaop(['plan', ...common], env));
        times.push(t);
        if (r.code !== 0 || !/No changes/.test(r.stdout)) throw new Error(`plan was not a no-change plan (exit ${r.code}): ${r.stdout}${r.stderr}`);
        const lines = r.stderr.split('\n').filter((l) => l.trim());
        const marks = lines.map(traceLine).filter((m): m is [number, string] => !!m);
        if (marks.length) traces.push({ wall: t * 1000, marks });
        if (marks.length < lines.length) log(`stderr: ${r.stderr}`);
      }
      results[name] = median(times);
      log(`${name}: ${times.map((t) => t.toFixed(3)).join(' ')} s`);
    }
    const node = median(nodeTimes);
    log(`node -e 0: ${nodeTimes.map((t) => t.toFixed(3)).join(' ')} s`);
    const compiled = results['compiled (dist/)'];
    const ratio = compiled / node;
    const met = ratio <= TARGET_RATIO;
    console.log(`node -e 0, median wall time: ${node.toFixed(3)} s (measured in this run, between the plans)`);
    console.log(
      `no-change plan, whole process, median wall time: ${Object.entries(results)
        .map(([k, v]) => `${k} ${v.toFixed(3)} s`)
        .join(', ')}`,
    );
    console.log(`compiled / node -e 0: ${ratio.toFixed(1)}x; target ${TARGET_RATIO}x (${(node * TARGET_RATIO).toFixed(3)} s): ${met ? 'met' : 'NOT met'}`);
    if (!met && traces.length) console.log(`where the time goes (compiled, median of ${traces.length} runs, each phase up to its mark):\n${phases(traces)}`);
    writeFigures('startup', [{ figure: '`schemaop plan` with nothing to do, whole process', ms: compiled * 1000, versus: 'node -e 0', versusMs: node * 1000, target: TARGET_RATIO }]);
  }),
);
