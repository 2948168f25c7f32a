// SCHEMAOP_TRACE=1: where a command's time goes. Each mark is the time since the process started
// (Node's own start-up, then loading the command, connecting, each step of the plan, the output);
// the marks are written to stderr at exit, one line each, for bench/startup.ts to read. Off, a mark
// costs one comparison.
import { performance } from 'node:perf_hooks';

const enabled = process.env.SCHEMAOP_TRACE === '1';
const marks: [number, string][] = [];

/** Records that `what` happened now. */
export function mark(what: string): void {
  if (!enabled) return;
  if (marks.length === 0) {
    marks.push([performance.nodeTiming.bootstrapComplete, 'node started']);
    process.once('exit', () => {
      mark('exit');
      process.stderr.write(marks.map(([t, m]) => `schemaop trace: ${t.toFixed(1)} ms ${m}\n`).join(''));
    });
  }
  marks.push([performance.now(), what]);
}

/** A line of the trace, read back: `[ms since the process started, what]`, else undefined. */
export function traceLine(line: string): [number, string] | undefined {
  const m = /^schemaop trace: ([\d.]+) ms (.+)$/.exec(line);
  return m ? [Number(m[1]), m[2]] : undefined;
}
