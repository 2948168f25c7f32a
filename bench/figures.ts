// The figures every benchmark reports next to its floor or peer, for the one table `npm run bench`
// prints at the end (bench/all.ts). Each benchmark writes its own figures to
// $BENCH_RESULTS_DIR/<bench>.json when that is set (the driver sets it); alone, it writes nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Figure {
  /** What is measured, e.g. `first apply, 1000 tables`. */
  figure: string;
  /** schemaop's median wall time. */
  ms?: number;
  /** What it is compared with: a floor (`load of the same DDL`) or a peer (`atlas schema diff`). */
  versus: string;
  versusMs?: number;
  /** The peer was stopped after this long: the ratio is at most ms / atLeastMs. */
  versusAtLeastMs?: number;
  /** The ratio to reach: schemaop / versus at most this. */
  target?: number;
  /** Why there is no measurement (a peer not built, a step that failed). */
  missing?: string;
}

/** schemaop / versus, and whether the target is met ('<' when the peer was stopped early). */
export function ratioOf(f: Figure): { ratio?: number; bound?: '<'; met?: boolean } {
  if (f.ms === undefined) return {};
  if (f.versusAtLeastMs) {
    const ratio = f.ms / f.versusAtLeastMs;
    return { ratio, bound: '<', ...(f.target !== undefined ? { met: ratio <= f.target } : {}) };
  }
  if (!f.versusMs) return {};
  const ratio = f.ms / f.versusMs;
  return { ratio, ...(f.target !== undefined ? { met: ratio <= f.target } : {}) };
}

export function writeFigures(bench: string, figures: Figure[]): void {
  const dir = process.env.BENCH_RESULTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${bench}.json`), JSON.stringify(figures, null, 2));
}

export function readFigures(dir: string, bench: string): Figure[] | undefined {
  const file = path.join(dir, `${bench}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Figure[]) : undefined;
}

/** The table: one line per figure, its ratio and whether the target is met. */
export function figureTable(rows: Figure[]): string {
  const cells = rows.map((f) => {
    const r = ratioOf(f);
    const ms = (v?: number) => (v === undefined ? '-' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
    return [
      f.figure,
      f.ms === undefined ? '-' : ms(f.ms),
      f.versus,
      f.versusAtLeastMs ? `> ${ms(f.versusAtLeastMs)}` : ms(f.versusMs),
      r.ratio === undefined ? '-' : `${r.bound ? '< ' : ''}${r.ratio.toFixed(2)}x`,
      f.target === undefined ? '' : `<= ${f.target}x`,
      f.missing ? f.missing : r.met === undefined ? '' : r.met ? 'met' : 'NOT met',
    ];
  });
  const head = ['figure', 'schemaop', 'floor / peer', '', 'ratio', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 1 || i === 3 || i === 4 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
