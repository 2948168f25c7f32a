// Objects a plan leaves alone: patterns over qualified names, as Atlas's `--exclude`
// (`public.alembic_version`, `legacy.*`, `*.tmp_*`). A planned statement on a matching object, or
// on an index, column or constraint of a matching table, is neither created, altered nor dropped.
// Applied to the classified plan, so it holds for either engine.
import { z } from 'zod';
import type { Client } from '../db/connect';
import type { Classification } from './classify';
import type { PlanTransform } from './extensions';

/** `schema.name`, each part an identifier or a glob of identifier characters and `*`. */
export const ExcludePatternSchema = z
  .string()
  .regex(/^[A-Za-z0-9_$*]+\.[A-Za-z0-9_$*]+$/, 'an object pattern is schema.name, where `*` matches any characters (e.g. public.alembic_version, legacy.*, *.tmp_*)');
export const ExcludeSchema = z.array(ExcludePatternSchema);

const glob = (p: string) => new RegExp(`^${p.split('*').map((x) => x.replace(/[.$]/g, '\\$&')).join('.*')}$`, 'i');

/** A matcher over `schema.name` (longer names such as `schema.table.column` match by their table). */
export function excludeMatcher(patterns: string[]): (object: string) => boolean {
  const res = patterns.map(glob);
  return (object) => {
    const parts = object.replace(/\(.*$/, '').split('.');
    // A schema is excluded by a pattern that covers all of it (`legacy.*`).
    const name = parts.length === 1 ? `${parts[0]}.*` : parts.slice(0, 2).join('.');
    return res.some((r) => r.test(name));
  };
}

/** Whether a classified statement is on an excluded object, read against the database `db` (its indexes' tables). */
export async function excludedStatements(db: Client, patterns: string[]): Promise<(s: Pick<Classification, 'object' | 'changes'>) => boolean> {
  const excluded = excludeMatcher(patterns);
  // Indexes (also a constraint's) are named apart from their table: map them to it.
  const r = await db.query(`SELECT ni.nspname || '.' || ci.relname AS index, nt.nspname || '.' || ct.relname AS "table"
    FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_namespace ni ON ni.oid = ci.relnamespace
    JOIN pg_class ct ON ct.oid = i.indrelid JOIN pg_namespace nt ON nt.oid = ct.relnamespace`);
  const tableOf = new Map((r.rows as { index: string; table: string }[]).map((x) => [x.index, x.table]));
  const hit = (o: string) => excluded(o) || excluded(tableOf.get(o.replace(/\(.*$/, '')) ?? '');
  return (s) => hit(s.object) || s.changes.some((c) => hit(c.object));
}

/** The plan transform that removes statements on excluded objects. */
export function excludeTransform(patterns: string[]): PlanTransform {
  return {
    name: 'exclude',
    async run(statements, ctx) {
      if (!patterns.length) return statements;
      const excluded = await excludedStatements(ctx.target, patterns);
      return statements.filter((s) => !excluded(s));
    },
  };
}
