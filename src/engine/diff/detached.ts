// A partition that is detached keeps the indexes and key or foreign-key constraints it had from
// its parent (they become its own), which migra does not see: its CREATE INDEX and ADD
// CONSTRAINT for what the detached table already has, defined alike, are left out, and what the
// desired table does not have is dropped after the DETACH. (Cloned triggers go with the DETACH.)
import type { Fixer } from './types';
import { classifyCached, nsFilter, qname, quoteIdentIfNeeded, rows } from './catalog';
import type { DiffContext } from './catalog';
import { dottedKeySql, relationKey } from '../../pg/identity';

interface Part {
  /** `schema.name` of the partition's index or `schema.table.name` of its constraint. */
  key: string;
  def: string;
  /** The table's `schema.name`. */
  table: string;
  schema: string;
  tableName: string;
  name: string;
  index: boolean;
  /** An index a constraint of the same name built (dropped with the constraint). */
  keyed: boolean;
}

/** What partitions have from their parents: indexes attached to a parent's, constraints made from one. */
const clonesQuery = (ctx: DiffContext) => `
  SELECT ${dottedKeySql('n.nspname', 'c.relname')} AS key, pg_get_indexdef(c.oid) AS def, ${dottedKeySql('n.nspname', 't.relname')} AS table,
         n.nspname AS schema, t.relname AS "tableName", c.relname AS name, true AS index,
         EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid AND k.conrelid = t.oid AND k.contype IN ('p', 'u', 'x')) AS keyed
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_class t ON t.oid = i.indrelid
   WHERE c.relkind = 'i' AND c.relispartition AND ${nsFilter('n.nspname', ctx)}
  UNION ALL
  SELECT ${dottedKeySql('n.nspname', 't.relname', 'k.conname')}, pg_get_constraintdef(k.oid), ${dottedKeySql('n.nspname', 't.relname')},
         n.nspname, t.relname, k.conname, false, false
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE k.conparentid <> 0 AND ${nsFilter('n.nspname', ctx)}`;

/** The desired indexes and constraints, keyed as in clonesQuery. */
const desiredQuery = (ctx: DiffContext) => `
  SELECT ${dottedKeySql('n.nspname', 'c.relname')} AS key, pg_get_indexdef(c.oid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)}
  UNION ALL
  SELECT ${dottedKeySql('n.nspname', 't.relname', 'k.conname')}, pg_get_constraintdef(k.oid)
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)}`;

export const detachedPartitions: Fixer = {
  name: 'detached',
  doc: "a detached partition's indexes and constraints from its parent are not created again",
  async run(ctx, planned) {
    const detached = new Set<string>();
    for (const s of planned) {
      if (!/detach\s+partition/i.test(s.sql)) continue;
      for (const ch of (await classifyCached(s.sql)).changes) if (ch.kind === 'detach_partition') detached.add(String(ch.details.partition));
    }
    if (!detached.size) return {};
    const [have, want] = await Promise.all([rows<Part>(ctx.from, clonesQuery(ctx)), rows<Part>(ctx.to, desiredQuery(ctx))]);
    const wanted = new Map(want.map((w) => [w.key, w.def]));
    const clones = have.filter((h) => detached.has(h.table));
    const kept = new Set(clones.filter((h) => wanted.get(h.key) === h.def).map((h) => h.key));
    // What the detached table would keep and its desired definition has not: constraints first
    // (a key's index goes with it), then indexes of their own; IF EXISTS, since the drop of the
    // parent's constraint or index removes them too when it runs before the DETACH.
    const after = [
      ...clones.filter((h) => !h.index && !kept.has(h.key)).map((h) => `ALTER TABLE ${qname(h.schema, h.tableName)} DROP CONSTRAINT IF EXISTS ${quoteIdentIfNeeded(h.name)}`),
      ...clones.filter((h) => h.index && !h.keyed && !kept.has(h.key)).map((h) => `DROP INDEX IF EXISTS ${qname(h.schema, h.name)}`),
    ];
    const out = [];
    let dropped = false;
    for (const s of planned) {
      const c = await classifyCached(s.sql);
      const ch = c.changes.length === 1 ? c.changes[0] : undefined;
      const table = ch?.kind === 'create_index' ? String(ch.details.table) : ch?.kind === 'add_constraint' ? relationKey(ch.object) : undefined;
      if (ch && table && detached.has(table) && kept.has(ch.object)) {
        dropped = true;
        continue;
      }
      out.push(s);
    }
    return dropped ? { replace: out, after } : { after };
  },
};
