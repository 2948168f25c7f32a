// The before/after case corpus (test/cases/<name>/: before.sql, after.sql, optional rows.sql and
// check.sql) as a runner that any convergence test can use with its own plan extensions: a
// database loaded with before.sql (+ rows.sql) is taken to after.sql by plan + apply; then a full
// re-plan must be empty, the catalog must equal that of a database loaded directly from after.sql,
// the rows must still be there and check.sql must answer ok. A case with expected.sql states the
// built-in engine's plan too: its statements in order, each with its kind, object and hazards.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withClient } from '../../src/db/connect';
import { apply } from '../../src/engine/apply';
import type { Extensions } from '../../src/engine/extensions';
import { EngineName, plan, type PlannedStatement } from '../../src/engine/plan';
import { catalogSnapshot, snapshotDiff, withoutEquivalents } from './catalog-compare';
import { dropDatabase, freshDatabase } from './db';

/** The corpus folder; SCHEMAOP_CASES_DIR runs the same checks over another folder of cases. */
export const CASES_DIR = process.env.SCHEMAOP_CASES_DIR ? path.resolve(process.env.SCHEMAOP_CASES_DIR) : path.resolve(__dirname, '../cases');

export function caseNames(): string[] {
  return fs
    .readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export const cases = caseNames();

const read = (name: string, file: string): string | undefined => {
  const p = path.join(CASES_DIR, name, file);
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
};

/** Tables that rows.sql inserts into: their row counts must survive the migration. */
function insertedTables(rows: string): string[] {
  const out = new Set<string>();
  for (const m of rows.matchAll(/insert\s+into\s+((?:"(?:[^"]|"")+"|[\w$]+)(?:\.(?:"(?:[^"]|"")+"|[\w$]+))?)/gi)) out.add(m[1]);
  return [...out];
}

async function counts(url: string, tables: string[]): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n);
    return out;
  });
}

/** The file a case may hold with the plan the built-in engine must make for it. */
export const EXPECTED = 'expected.sql';

/** `SCHEMAOP_UPDATE_CASES=1`: expected.sql files are rewritten with the plans made, not compared. */
export const updatingCases = () => process.env.SCHEMAOP_UPDATE_CASES === '1';

/** The lines of `b` that differ from `a`, each with its number (`-` stated, `+` made). */
function lineDiff(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(x.length, y.length) && out.length < 40; i++) {
    if (x[i] !== y[i]) out.push(`${i + 1}: - ${x[i] ?? '(none)'}`, `${i + 1}: + ${y[i] ?? '(none)'}`);
  }
  return out.join('\n');
}

/** A plan as expected.sql writes it: each statement under its kind, object and hazards. */
export function expectedPlan(statements: readonly PlannedStatement[]): string {
  return statements
    .map((s) => {
      const notes = [s.phase !== 'transaction' ? s.phase : '', s.deletesData ? 'deletes data' : ''].filter(Boolean);
      return `-- ${s.kind} ${s.object}${notes.length ? ` (${notes.join(', ')})` : ''}\n${s.sql.trim()};\n`;
    })
    .join('\n');
}

/** Why a case did not converge (a message with the applied plan), or undefined when it did. */
export class CaseFailure extends Error {}

const sameJSON = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs one case with `engine` and `extensions` (plan transforms, checks) in both the apply and the re-plan.
 * Throws a CaseFailure saying what differs; other errors (a failed statement) propagate.
 */
export async function runCase(name: string, extensions: Extensions = {}, engine: EngineName = 'builtin'): Promise<void> {
  const before = read(name, 'before.sql') ?? '';
  const after = read(name, 'after.sql') ?? '';
  const rows = read(name, 'rows.sql');
  const check = read(name, 'check.sql');
  const schemaDir = fs.mkdtempSync(path.join(os.tmpdir(), `schemaop-case-${name}-`));
  fs.writeFileSync(path.join(schemaDir, 'schema.sql'), after.trim() ? after : '-- empty: the desired schema declares nothing\n');
  const [url, expectedUrl] = await Promise.all([freshDatabase(before + '\n' + (rows ?? ''), 'c'), freshDatabase(after, 'e')]);

  try {
    const tables = rows ? insertedTables(rows) : [];
    const countsBefore = await counts(url, tables);
    const opts = { url, schemaDir, engine, ...extensions };
    let applied;
    try {
      applied = await apply(opts);
    } catch (e) {
      throw new CaseFailure(`apply failed: ${(e as Error).message}`);
    }
    const sql = applied.plan.statements.map((s) => `[${s.source}/${s.phase}] ${s.sql}`).join('\n');
    // The plan itself, where the case states it (expected.sql): statements, order and hazards.
    // SCHEMAOP_UPDATE_CASES=1 rewrites it after a deliberate change of the engine's output.
    const stated = read(name, EXPECTED);
    if (stated !== undefined && engine === 'builtin' && !extensions.transforms?.length) {
      const made = expectedPlan(applied.plan.statements);
      if (updatingCases()) fs.writeFileSync(path.join(CASES_DIR, name, EXPECTED), made);
      else if (made !== stated) throw new CaseFailure(`the plan differs from test/cases/${name}/${EXPECTED} (SCHEMAOP_UPDATE_CASES=1 rewrites it):\n${lineDiff(stated, made)}`);
    }
    const again = await plan({ ...opts, full: true });
    if (again.statements.length) throw new CaseFailure(`re-plan after applying is not empty:\n${again.statements.map((s) => `[${s.source}] ${s.sql}`).join('\n')}\napplied:\n${sql}`);
    const [actual, expected] = await Promise.all([catalogSnapshot(url), catalogSnapshot(expectedUrl)]);
    const diff = await withoutEquivalents(snapshotDiff(actual, expected), expectedUrl);
    if (diff.length) throw new CaseFailure(`catalog differs after applying:\n${diff.join('\n')}\napplied:\n${sql}`);
    if (tables.length) {
      const now = await counts(url, tables);
      if (!sameJSON(now, countsBefore)) throw new CaseFailure(`row counts changed: ${JSON.stringify(countsBefore)} → ${JSON.stringify(now)}\napplied:\n${sql}`);
    }
    if (check) {
      const r = await withClient(url, (c) => c.query(check));
      if (r.rows[0]?.ok !== true) throw new CaseFailure(`check.sql on the migrated database is not ok\napplied:\n${sql}`);
    }
  } finally {
    await Promise.all([dropDatabase(url), dropDatabase(expectedUrl)]).catch(() => undefined);
    fs.rmSync(schemaDir, { recursive: true, force: true });
  }
}

/** Whether a case converges with `extensions`: undefined when it does, else why not. */
export async function caseOutcome(name: string, extensions: Extensions = {}): Promise<string | undefined> {
  try {
    await runCase(name, extensions);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
