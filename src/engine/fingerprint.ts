// A cheap fingerprint of a database's schema: any DDL rewrites or adds catalog rows, and a
// rewritten row gets a new xmin, so (oid, xmin) pairs of the catalogs that describe user objects
// change with every schema change. Statistics updates by VACUUM/ANALYZE are in place and keep xmin.
// This lets a no-change plan answer without building a dev database, and it is computed on every
// run: never a cached answer. Privileges and owners are the access model's, not the schema's: a
// GRANT or ALTER ... OWNER rewrites the row too, so the rows that carry an ACL or an owner are
// hashed by content without those columns (and without the statistics VACUUM writes in place).
// Which catalogs are read comes from the one list of kinds (kinds.ts).
import type { Client } from '../db/connect';
import { META_SCHEMA } from './history';
import { KINDS, type Scope } from './kinds';
import { excludedCondition, excludedSchemaCondition } from './exclude';
import { quoteLiteral } from '../pg/quote';

/** Namespaces the engine manages: everything but the system's and its own. */
export function userNamespaceFilter(column: string, exclude: string[] = []): string {
  const ex = ['pg_catalog', 'information_schema', META_SCHEMA, ...exclude].map(quoteLiteral).join(',');
  return `(${column} NOT IN (${ex}) AND ${column} NOT LIKE 'pg\\_toast%' AND ${column} NOT LIKE 'pg\\_temp\\_%')`;
}

/**
 * The managed namespaces and relations: the system's, the engine's and `schemas` left out, and the
 * objects matching `patterns` (exclude.ts) with what belongs to them (indexes, owned sequences, TOAST tables).
 */
export function scope(schemas: string[] = [], patterns: string[] = []): Scope {
  const nsName = (column: string) => userNamespaceFilter(column, schemas);
  if (!patterns.length) {
    const ns = `(SELECT oid FROM pg_namespace WHERE ${nsName('nspname')})`;
    return { ns, nsName, rels: `(SELECT oid FROM pg_class WHERE relnamespace IN ${ns})` };
  }
  const ns = `(SELECT oid FROM pg_namespace WHERE ${nsName('nspname')} AND NOT ${excludedSchemaCondition(patterns, 'nspname')})`;
  const matched = `(SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${excludedCondition(patterns, 'n.nspname', 'c.relname')})`;
  const excluded = `(SELECT oid FROM ${matched} m(oid)
    UNION SELECT indexrelid FROM pg_index WHERE indrelid IN ${matched}
    UNION SELECT reltoastrelid FROM pg_class WHERE oid IN ${matched}
    UNION SELECT objid FROM pg_depend WHERE classid = 'pg_class'::regclass AND refclassid = 'pg_class'::regclass AND deptype IN ('a','i') AND refobjid IN ${matched})`;
  return { ns, nsName, rels: `(SELECT oid FROM pg_class WHERE relnamespace IN ${ns} AND oid NOT IN ${excluded})` };
}

export async function catalogFingerprint(c: Client, exclude: string[] = [], patterns: string[] = []): Promise<string> {
  const s = scope(exclude, patterns);
  const parts = KINDS.flatMap((k) => k.fingerprint(s));
  const sql = `SELECT md5(string_agg(x, ',' ORDER BY x)) AS f FROM (${parts.join('\nUNION ALL\n')}) AS t(x)`;
  const r = await c.query(sql);
  return (r.rows[0].f as string | null) ?? 'empty';
}
