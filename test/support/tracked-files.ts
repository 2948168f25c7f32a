// A guard around every test run (a vitest global setup): the project's tracked files must be the
// same after the run as before it. A test works on copies (temporary folders, a copy of the
// checkout); one that edits schema/, a Pulumi stack file or the policy pack to get through fails
// the run, naming the files. Snapshot files may change only when vitest runs with --update, the
// corpus' expected.sql only with SCHEMAOP_UPDATE_CASES=1.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
let before: Map<string, string> | undefined;

/** Every tracked file's content hash (a missing file hashes as ''), or undefined outside a git checkout. */
export function trackedFiles(dir = root): Map<string, string> | undefined {
  const ls = spawnSync('git', ['ls-files', '-z'], { cwd: dir, encoding: 'utf8' });
  if (ls.status !== 0) return undefined;
  const sums = new Map<string, string>();
  for (const f of ls.stdout.split('\0').filter(Boolean)) {
    let sum = '';
    try {
      sum = createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex');
    } catch {
      // deleted in the working tree: compared as missing
    }
    sums.set(f, sum);
  }
  return sums;
}

/** The files whose content differs between two hash maps. */
export function changedFiles(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((f) => a.get(f) !== b.get(f)).sort();
}

const updatingSnapshots = () => process.argv.some((a) => a === '-u' || a === '--update' || a.startsWith('--update='));
const isSnapshot = (f: string) => /(^|\/)(golden|__snapshots__)\//.test(f);
/** The corpus' stated plans, rewritten with SCHEMAOP_UPDATE_CASES=1 (test/support/cases.ts). */
const isStatedPlan = (f: string) => process.env.SCHEMAOP_UPDATE_CASES === '1' && /^test\/cases\/[^/]+\/expected\.sql$/.test(f);

export function setup(): void {
  before = trackedFiles();
}

export function teardown(): void {
  if (!before) return;
  const after = trackedFiles();
  if (!after) return;
  const changed = changedFiles(before, after).filter((f) => !(updatingSnapshots() && isSnapshot(f)) && !isStatedPlan(f));
  if (!changed.length) return;
  // vitest reports an error thrown here but still exits 0: the exit code is set instead.
  console.error(`\nFAIL the test run changed tracked project files (a test must work on a copy):\n${changed.map((f) => `  ${f}`).join('\n')}\n`);
  process.exitCode = 1;
}
