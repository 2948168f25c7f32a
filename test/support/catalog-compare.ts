// A name-based snapshot of a database's catalog, for comparing a migrated database with one loaded
// directly from the desired DDL. OIDs, column order and the engine's own bookkeeping schema are
// left out: two databases that PostgreSQL considers equivalent produce equal snapshots.
import type { Client } from '../../src/db/connect';
import { withClient } from '../../src/db/connect';
import { scope } from '../../src/engine/fingerprint';
import { KINDS } from '../../src/engine/kinds';

// One query per kind of object, from the engine's list of kinds: a kind added there is compared here.
const SCOPE = scope();
const QUERIES: Record<string, string> = Object.fromEntries(KINDS.flatMap((k) => (k.describe ? [[k.name, k.describe(SCOPE)]] : [])));

export type CatalogSnapshot = Record<string, string[]>;

export async function snapshotWith(c: Client): Promise<CatalogSnapshot> {
  const out: CatalogSnapshot = {};
  for (const [k, q] of Object.entries(QUERIES)) {
    const r = await c.query({ text: q, rowMode: 'array' });
    out[k] = r.rows.map((x: unknown[]) => String(x[0])).sort();
  }
  return out;
}

export function catalogSnapshot(url: string): Promise<CatalogSnapshot> {
  return withClient(url, snapshotWith);
}

/** Differences between two snapshots, one line per object that is only on one side ("-" actual, "+" expected). */
export function snapshotDiff(actual: CatalogSnapshot, expected: CatalogSnapshot): string[] {
  const out: string[] = [];
  for (const k of Object.keys(QUERIES)) {
    const a = new Set(actual[k] ?? []);
    const e = new Set(expected[k] ?? []);
    for (const x of a) if (!e.has(x)) out.push(`${k} - ${x}`);
    for (const x of e) if (!a.has(x)) out.push(`${k} + ${x}`);
  }
  return out;
}

/**
 * Drops from `diff` the CHECK constraints whose two printed definitions mean the same: PostgreSQL's
 * printed form does not always parse back to the same tree (`x IN (...)` on varchar), so a
 * constraint created from the printed form prints differently. Both are parsed again on the
 * expected database's table, in a transaction that is rolled back.
 */
export async function withoutEquivalentChecks(diff: string[], expectedUrl: string): Promise<string[]> {
  const re = /^constraint ([-+]) (\S+) (\S+) (CHECK .*) deferrable=/;
  const pairs = new Map<string, { minus?: string; plus?: string; table: string }>();
  for (const d of diff) {
    const m = re.exec(d);
    if (!m) continue;
    const p = pairs.get(`${m[2]} ${m[3]}`) ?? { table: m[2] };
    if (m[1] === '-') p.minus = m[4];
    else p.plus = m[4];
    pairs.set(`${m[2]} ${m[3]}`, p);
  }
  const same = new Set<string>();
  await withClient(expectedUrl, async (c) => {
    for (const [k, p] of pairs) {
      if (!p.minus || !p.plus) continue;
      await c.query('BEGIN');
      try {
        await c.query(`ALTER TABLE ${p.table} ADD CONSTRAINT zz_a ${p.minus} NOT VALID, ADD CONSTRAINT zz_b ${p.plus} NOT VALID`);
        const r = await c.query(`SELECT conname, pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid = '${p.table}'::regclass AND conname IN ('zz_a', 'zz_b')`);
        if (r.rows.length === 2 && r.rows[0].d === r.rows[1].d) same.add(k);
      } catch {
        // not comparable: the difference stays
      } finally {
        await c.query('ROLLBACK');
      }
    }
  });
  return diff.filter((d) => {
    const m = re.exec(d);
    return !m || !same.has(`${m[2]} ${m[3]}`);
  });
}

/**
 * Drops from `diff` the views whose two printed queries mean the same: a query printed by
 * PostgreSQL does not always print the same once created again from that print (an untyped NULL
 * in a UNION). Both are created again as temporary views on the expected database, in a
 * transaction that is rolled back: equal prints mean the same view.
 */
export async function withoutEquivalentViews(diff: string[], expectedUrl: string): Promise<string[]> {
  const re = /^view ([-+]) (\S+) ([\s\S]*)$/;
  const pairs = new Map<string, { minus?: string; plus?: string }>();
  for (const d of diff) {
    const m = re.exec(d);
    if (!m) continue;
    const p = pairs.get(m[2]) ?? {};
    p[m[1] === '-' ? 'minus' : 'plus'] = m[3].trim().replace(/;$/, '');
    pairs.set(m[2], p);
  }
  const same = new Set<string>();
  await withClient(expectedUrl, async (c) => {
    for (const [name, p] of pairs) {
      if (!p.minus || !p.plus) continue;
      await c.query('BEGIN');
      try {
        await c.query(`CREATE VIEW pg_temp.zz_a AS ${p.minus}`);
        await c.query(`CREATE VIEW pg_temp.zz_b AS ${p.plus}`);
        const r = await c.query(`SELECT pg_get_viewdef('pg_temp.zz_a'::regclass) = pg_get_viewdef('pg_temp.zz_b'::regclass) AS same`);
        if (r.rows[0].same) same.add(name);
      } catch {
        // not comparable: the difference stays
      } finally {
        await c.query('ROLLBACK');
      }
    }
  });
  return diff.filter((d) => {
    const m = re.exec(d);
    return !m || !same.has(m[2]);
  });
}
