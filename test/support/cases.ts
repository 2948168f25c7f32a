// The convergence corpus test/cases/<name>/ (before.sql, after.sql, optional rows.sql and
// check.sql): a database loaded with before.sql (+ rows.sql) is taken to after.sql by plan + apply
// with an engine; then a full re-plan must be empty, the catalog must equal that of a database
// loaded directly from after.sql, and the rows must still be there.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect } from 'vitest';
import { withClient } from '../../src/db/connect';
import { apply } from '../../src/engine/apply';
import { EngineName, plan } from '../../src/engine/plan';
import { catalogSnapshot, snapshotDiff, withoutEquivalentChecks } from './catalog-compare';
import { dropDatabase, freshDatabase } from './db';

const CASES_DIR = path.resolve(__dirname, '../cases');

export const cases = fs
  .readdirSync(CASES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const read = (name: string, file: string): string | undefined => {
  const p = path.join(CASES_DIR, name, file);
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
};

/** Tables that rows.sql inserts into: their row counts must survive the migration. */
function insertedTables(rows: string): string[] {
  const out = new Set<string>();
  for (const m of rows.matchAll(/insert\s+into\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)/gi)) out.add(m[1]);
  return [...out];
}

async function counts(url: string, tables: string[]): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n);
    return out;
  });
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'schemaop-cases-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

export async function runCase(name: string, engine: EngineName = 'builtin'): Promise<void> {
  const before = read(name, 'before.sql') ?? '';
  const after = read(name, 'after.sql') ?? '';
  const rows = read(name, 'rows.sql');
  const check = read(name, 'check.sql');
  const schemaDir = path.join(tmpRoot, name);
  fs.mkdirSync(schemaDir, { recursive: true });
  fs.writeFileSync(path.join(schemaDir, 'schema.sql'), after.trim() ? after : '-- empty\nSELECT 1;\n');
  const [url, expectedUrl] = await Promise.all([freshDatabase(before + '\n' + (rows ?? ''), 'c'), freshDatabase(after, 'e')]);
  try {
    const tables = rows ? insertedTables(rows) : [];
    const countsBefore = await counts(url, tables);
    const opts = { url, schemaDir, engine };
    const applied = await apply(opts);
    const sql = applied.plan.statements.map((s) => `[${s.source}/${s.phase}] ${s.sql}`).join('\n');
    const again = await plan({ ...opts, full: true });
    expect(again.statements.map((s) => `[${s.source}] ${s.sql}`), `re-plan after applying:\n${sql}`).toEqual([]);
    const [actual, expected] = await Promise.all([catalogSnapshot(url), catalogSnapshot(expectedUrl)]);
    expect(await withoutEquivalentChecks(snapshotDiff(actual, expected), expectedUrl), `catalog differs after applying:\n${sql}`).toEqual([]);
    if (tables.length) expect(await counts(url, tables)).toEqual(countsBefore);
    if (check) {
      const r = await withClient(url, (c) => c.query(check));
      expect(r.rows[0]?.ok, `check.sql on the migrated database`).toBe(true);
    }
  } finally {
    await Promise.all([dropDatabase(url), dropDatabase(expectedUrl)]).catch(() => undefined);
  }
}
