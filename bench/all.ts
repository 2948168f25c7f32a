// `npm run bench`: the schema, seeds and start-up benchmarks one after the other, each printing its
// own table and profile, then one table of every figure next to its floor or peer, with the ratio
// and the target it is held to.
//
//   npm run bench -- [--sizes 100,1000,5000] [--runs N] [--rows 10000] [--peer-timeout 600] [--no-profile]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { figureTable, readFigures, ratioOf, type Figure } from './figures';
import { arg } from './support';

const ROOT = path.resolve(__dirname, '..');
const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const pass = (...names: string[]) => names.flatMap((n) => (arg(n) !== undefined ? [`--${n}`, arg(n)!] : []));
const flags = (...names: string[]) => names.filter((n) => process.argv.includes(`--${n}`)).map((n) => `--${n}`);

const BENCHES: { name: string; script: string; args: string[] }[] = [
  { name: 'schema', script: 'bench/run.ts', args: [...pass('sizes', 'runs', 'peer-timeout'), ...flags('no-profile', 'verbose')] },
  { name: 'seeds', script: 'bench/seeds.ts', args: pass('rows', 'runs') },
  { name: 'startup', script: 'bench/startup.ts', args: pass('runs') },
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemaop-bench-results-'));
const t0 = Date.now();
const failed: string[] = [];
for (const b of BENCHES) {
  const r = spawnSync(tsx, [b.script, ...b.args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, BENCH_RESULTS_DIR: dir } });
  if (r.status !== 0) failed.push(`${b.name} (exit ${r.status ?? r.signal})`);
}
const rows: Figure[] = BENCHES.flatMap((b) => readFigures(dir, b.name) ?? [{ figure: `${b.name} benchmark`, versus: '', missing: 'no figures (it failed)' }]);
fs.rmSync(dir, { recursive: true, force: true });
const minutes = (Date.now() - t0) / 60_000;
console.log('');
console.log(`All figures of this run (${minutes.toFixed(1)} min, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}): schemaop / floor or peer, measured in the same run`);
console.log(figureTable(rows));
const missed = rows.filter((f) => ratioOf(f).met === false);
if (missed.length) console.log(`\n${missed.length} target(s) not met: the profiles printed above each benchmark's table say where the time goes.`);
if (failed.length) {
  console.log(`failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
