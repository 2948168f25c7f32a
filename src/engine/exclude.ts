// Objects a plan leaves alone: patterns over qualified names, as Atlas's `--exclude`
// (`public.alembic_version`, `legacy.*`, `*.tmp_*`, `public."we.ird""name"`, `"Ünïcode".*`). Each
// part is an identifier as SQL writes it (quoted: taken as written; unquoted: folded to lower case,
// `*` matching any characters). Excluded objects, with the indexes, constraints, columns and owned
// sequences of excluded tables, are left alone by every stage: the engines drop statements on them
// from their plan (engines.ts), and seeds, access, drift and lint skip them.
import { z } from 'zod';
import type { Client } from '../db/connect';
import { quoteLiteral } from '../db/connect';
import { IdentifierError, idKey, partCondition, objectId, parsePattern, patternCondition, patternCoversSchema, patternMatches, relationOf, type ObjectId, type ObjectPattern } from '../pg/identity';
import type { Change } from './classify';

const PATTERN_HELP = 'an object pattern is schema.name, where `*` matches any characters and a quoted part is taken as written (e.g. public.alembic_version, legacy.*, *.tmp_*, public."Mixed Case")';

export const ExcludePatternSchema = z.string().superRefine((s, ctx) => {
  try {
    parsePattern(s);
  } catch (e) {
    if (!(e instanceof IdentifierError)) throw e;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${PATTERN_HELP}: ${e.message}` });
  }
});
export const ExcludeSchema = z.array(ExcludePatternSchema);

/** The parsed patterns (already validated by ExcludeSchema). */
export const excludePatterns = (patterns: readonly string[]): ObjectPattern[] => patterns.map(parsePattern);

/** Whether an object (or the relation a sub-object belongs to) is excluded. */
export function excludeMatcher(patterns: readonly string[]): (id: ObjectId) => boolean {
  const ps = excludePatterns(patterns);
  return (id) => ps.some((p) => patternMatches(p, id));
}

/** Whether a whole schema is excluded (`legacy.*`). */
export function schemaExcluded(patterns: readonly string[]): (schema: string) => boolean {
  const ps = excludePatterns(patterns);
  return (schema) => ps.some((p) => patternCoversSchema(p, schema));
}

/** A condition over a schema and a name column that holds for excluded objects (for catalog queries). */
export function excludedCondition(patterns: readonly string[], schemaColumn: string, nameColumn: string): string {
  const ps = excludePatterns(patterns);
  return ps.length ? `(${ps.map((p) => patternCondition(p, schemaColumn, nameColumn, quoteLiteral)).join(' OR ')})` : 'false';
}

/** A condition over a schema column that holds for the schemas excluded as a whole (`legacy.*`). */
export function excludedSchemaCondition(patterns: readonly string[], schemaColumn: string): string {
  const whole = excludePatterns(patterns).filter((p) => 'glob' in p.name && p.name.source === '*');
  return whole.length ? `(${whole.map((p) => partCondition(p.schema, schemaColumn, quoteLiteral)).join(' OR ')})` : 'false';
}

/** Index or owned sequence → the table it belongs to, in one database. */
const BELONGS = `
SELECT ni.nspname AS s, ci.relname AS n, nt.nspname AS ts, ct.relname AS tn
  FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_namespace ni ON ni.oid = ci.relnamespace
  JOIN pg_class ct ON ct.oid = i.indrelid JOIN pg_namespace nt ON nt.oid = ct.relnamespace
UNION ALL
SELECT ns.nspname, s.relname, nt.nspname, t.relname
  FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace ns ON ns.oid = s.relnamespace
  JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace nt ON nt.oid = t.relnamespace
 WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')`;

/**
 * Whether a classified statement touches an excluded object, read against the databases `dbs`
 * (the live one for what is dropped, the dev one for what is created: an index or an owned
 * sequence is named apart from its table).
 */
export async function excludedStatements(dbs: Client[], patterns: readonly string[]): Promise<(s: { changes: Pick<Change, 'object' | 'objectType' | 'id'>[] }) => boolean> {
  const excluded = excludeMatcher(patterns);
  const wholeSchema = schemaExcluded(patterns);
  const tableOf = new Map<string, ObjectId>();
  for (const db of dbs) {
    for (const r of (await db.query(BELONGS)).rows as { s: string; n: string; ts: string; tn: string }[]) tableOf.set(idKey(objectId(r.s, r.n)), objectId(r.ts, r.tn));
  }
  const hit = (c: Pick<Change, 'object' | 'objectType' | 'id'>) => {
    if (c.objectType === 'schema') return wholeSchema(c.object);
    if (!c.id) return false;
    const rel = relationOf(c.id);
    if (excluded(rel)) return true;
    const table = tableOf.get(idKey(rel));
    return !!table && excluded(table);
  };
  return (s) => s.changes.some(hit);
}
