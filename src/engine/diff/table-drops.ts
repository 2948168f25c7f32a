// A dropped table takes its indexes, keys, constraints, triggers, policies and rules with it.
// migra drops each of them one by one before the table; those statements only lengthen the plan
// (and, in an online plan, would be split out of the table's own drop), so they are left out.
// Only what the table's DROP really removes goes: a foreign key on another table that references
// it stays, and is ordered before the drop by the live database's dependencies.
import { DiffContext, classifyCached, quoteLiteral, rows } from './catalog';
import type { DiffStatement } from './index';

const SUB_OBJECTS = new Set(['drop_trigger', 'drop_policy', 'drop_rule']);

export async function withoutSubsumedDrops(ctx: DiffContext, planned: DiffStatement[]): Promise<DiffStatement[]> {
  const cls = await Promise.all(planned.map((s) => classifyCached(s.sql)));
  /** Dropped table → the position of its DROP TABLE. */
  const droppedAt = new Map<string, number>();
  cls.forEach((c, i) => {
    for (const ch of c.changes) if (ch.kind === 'drop_table' && !droppedAt.has(ch.object)) droppedAt.set(ch.object, i);
  });
  if (!droppedAt.size) return planned;
  const indexes = cls.flatMap((c) => c.changes.filter((x) => x.kind === 'drop_index').map((x) => x.object));
  const tableOf = new Map(
    indexes.length
      ? (
          await rows<{ idx: string; tab: string }>(
            ctx.from,
            `SELECT n.nspname || '.' || i.relname AS idx, tn.nspname || '.' || t.relname AS tab
               FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
               JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
              WHERE n.nspname || '.' || i.relname = ANY(ARRAY[${indexes.map(quoteLiteral).join(', ')}]::text[])`,
          )
        ).map((r) => [r.idx, r.tab])
      : [],
  );
  /** Whether statement i only removes parts of a table that a later DROP TABLE removes anyway. */
  const subsumed = (i: number): boolean => {
    const c = cls[i];
    if (planned[i].source !== 'migra' || !c.changes.length) return false;
    const goesLater = (table: string | undefined) => table !== undefined && (droppedAt.get(table) ?? -1) > i;
    return c.changes.every((ch) => {
      if (ch.kind === 'drop_constraint' && c.node === 'AlterTableStmt') return goesLater(ch.object.split('.').slice(0, 2).join('.'));
      if (SUB_OBJECTS.has(ch.kind)) return goesLater(ch.object.split('.').slice(0, 2).join('.'));
      if (ch.kind === 'drop_index') return goesLater(tableOf.get(ch.object));
      return false;
    });
  };
  return planned.filter((_, i) => !subsumed(i));
}
