// A name-based snapshot of a database's catalog, from the one list of kinds (each kind's
// `describe`), to compare a migrated database with the dev database loaded from the desired files.
// An empty re-plan only says the differ sees nothing to do; this comparison also sees what the
// differ would never plan (a column default on one table, CLUSTER, storage, statistics, options,
// inheritance), so a silent wrong result is reported instead of being called converged.
// OIDs, column order, owners and privileges are left out: two databases that PostgreSQL considers
// equivalent have equal snapshots.
import type { Client } from '../db/connect';
import { KINDS, type Scope } from './kinds';
import { quoteLiteral } from '../pg/quote';

export type CatalogSnapshot = Record<string, string[]>;

export async function catalogSnapshot(c: Client, scope: Scope): Promise<CatalogSnapshot> {
  const out: CatalogSnapshot = {};
  for (const k of KINDS) {
    if (!k.describe) continue;
    const r = await c.query({ text: k.describe(scope), rowMode: 'array' });
    out[k.name] = r.rows.map((x: unknown[]) => String(x[0])).sort();
  }
  return out;
}

/** Differences between two snapshots, one line per object that is only on one side ("-" actual, "+" expected). */
export function snapshotDiff(actual: CatalogSnapshot, expected: CatalogSnapshot): string[] {
  const out: string[] = [];
  for (const k of KINDS) {
    const a = new Set(actual[k.name] ?? []);
    const e = new Set(expected[k.name] ?? []);
    for (const x of a) if (!e.has(x)) out.push(`${k.name} - ${x}`);
    for (const x of e) if (!a.has(x)) out.push(`${k.name} + ${x}`);
  }
  return out;
}

/**
 * Drops from `diff` the pairs of lines that print one object differently but mean the same, as
 * PostgreSQL decides on `expected` (the desired database), in a transaction that is rolled back:
 * - CHECK constraints: a printed expression does not always parse back to the same tree (`x IN
 *   (...)` on varchar), so a constraint created from the print prints differently;
 * - views: a printed query does not always print the same once created again (an untyped NULL in a
 *   UNION).
 */
export async function withoutEquivalents(diff: string[], expected: Client): Promise<string[]> {
  const checks = /^constraint ([-+]) (\S+) (\S+) (CHECK .*) deferrable=/;
  const views = /^view ([-+]) (\S+) ([\s\S]*)$/;
  const pairs = new Map<string, { minus?: string; plus?: string; test: (a: string, b: string) => string[] }>();
  const pair = (k: string, sign: string, text: string, test: (a: string, b: string) => string[]) => {
    const p = pairs.get(k) ?? { test };
    p[sign === '-' ? 'minus' : 'plus'] = text;
    pairs.set(k, p);
  };
  for (const d of diff) {
    const c = checks.exec(d);
    if (c) {
      const table = c[2];
      pair(`c ${c[2]} ${c[3]}`, c[1], c[4], (a, b) => [
        `ALTER TABLE ${table} ADD CONSTRAINT zz_a ${a} NOT VALID, ADD CONSTRAINT zz_b ${b} NOT VALID`,
        `SELECT (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ${quoteLiteral(table)}::regclass AND conname = 'zz_a')
              = (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ${quoteLiteral(table)}::regclass AND conname = 'zz_b') AS same`,
      ]);
      continue;
    }
    const v = views.exec(d);
    if (v) {
      pair(`v ${v[2]}`, v[1], v[3].trim().replace(/;$/, ''), (a, b) => [
        `CREATE VIEW pg_temp.zz_a AS ${a}`,
        `CREATE VIEW pg_temp.zz_b AS ${b}`,
        `SELECT pg_get_viewdef('pg_temp.zz_a'::regclass) = pg_get_viewdef('pg_temp.zz_b'::regclass) AS same`,
      ]);
    }
  }
  const same = new Set<string>();
  for (const [k, p] of pairs) {
    if (!p.minus || !p.plus) continue;
    await expected.query('BEGIN');
    try {
      let r;
      for (const sql of p.test(p.minus, p.plus)) r = await expected.query(sql);
      if (r?.rows[0]?.same) same.add(k);
    } catch {
      // not comparable: the difference stays
    } finally {
      await expected.query('ROLLBACK');
    }
  }
  return diff.filter((d) => {
    const c = checks.exec(d);
    if (c) return !same.has(`c ${c[2]} ${c[3]}`);
    const v = views.exec(d);
    return !v || !same.has(`v ${v[2]}`);
  });
}

/** What differs between the live database and the desired one, equivalent prints left out. */
export async function catalogDifferences(live: Client, desired: Client, scope: Scope): Promise<string[]> {
  const [a, e] = await Promise.all([catalogSnapshot(live, scope), catalogSnapshot(desired, scope)]);
  const diff = snapshotDiff(a, e);
  return diff.length ? withoutEquivalents(diff, desired) : [];
}
