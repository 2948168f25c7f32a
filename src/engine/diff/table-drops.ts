// A dropped table takes its indexes, keys, constraints, triggers, policies and rules with it.
// migra drops each of them one by one before the table; those statements only lengthen the plan
// (and, in an online plan, would be split out of the table's own drop), so they are left out.
// Only what the table's DROP really removes goes: a foreign key on another table that references
// it stays, and is ordered before the drop by the live database's dependencies; so does a foreign
// key between dropped tables that reference each other: it is dropped on its own first (migra
// plans none), as pg_dump breaks such cycles.
import { DiffContext, classifyCached, qname, quoteIdent, quoteLiteral, rows } from './catalog';
import type { DiffStatement } from './index';

const splitKey = (k: string): [string, string] => [k.slice(0, k.indexOf('.')), k.slice(k.indexOf('.') + 1)];

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
  const fks = await rows<{ name: string; tab: string; ref: string; parent: string | null }>(
    ctx.from,
    `SELECT n.nspname || '.' || t.relname || '.' || k.conname AS name, n.nspname || '.' || t.relname AS tab, rn.nspname || '.' || r.relname AS ref,
            (SELECT pn.nspname || '.' || pt.relname || '.' || p.conname FROM pg_constraint p JOIN pg_class pt ON pt.oid = p.conrelid
               JOIN pg_namespace pn ON pn.oid = pt.relnamespace WHERE p.oid = k.conparentid) AS parent
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
      WHERE k.contype = 'f' AND k.conrelid <> k.confrelid AND n.nspname || '.' || t.relname = ANY(ARRAY[${[...droppedAt.keys()].map(quoteLiteral).join(', ')}]::text[])`,
  );
  const refs = new Map<string, string[]>();
  for (const f of fks) if (droppedAt.has(f.ref)) (refs.get(f.tab) ?? refs.set(f.tab, []).get(f.tab)!).push(f.ref);
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
    from === to || (!seen.has(from) && (seen.add(from), (refs.get(from) ?? []).some((n) => reaches(n, to, seen))));
  /** Foreign keys on a cycle of dropped tables: each table's drop would wait for the other's. */
  const cyclic = new Set(fks.filter((f) => droppedAt.has(f.ref) && reaches(f.ref, f.tab)).map((f) => f.name));
  // A partition's clone of a foreign key goes with its parent's.
  for (const f of fks) if (f.parent && cyclic.has(f.parent)) cyclic.delete(f.name);
  /** Whether statement i only removes parts of a table that a later DROP TABLE removes anyway. */
  const subsumed = (i: number): boolean => {
    const c = cls[i];
    if (planned[i].source !== 'migra' || !c.changes.length) return false;
    const goesLater = (table: string | undefined) => table !== undefined && (droppedAt.get(table) ?? -1) > i;
    return c.changes.every((ch) => {
      if (ch.kind === 'drop_constraint' && c.node === 'AlterTableStmt') return !cyclic.has(ch.object) && goesLater(ch.object.split('.').slice(0, 2).join('.'));
      if (SUB_OBJECTS.has(ch.kind)) return goesLater(ch.object.split('.').slice(0, 2).join('.'));
      if (ch.kind === 'drop_index') return goesLater(tableOf.get(ch.object));
      return false;
    });
  };
  const alreadyDropped = new Set(cls.flatMap((c) => c.changes.filter((x) => x.kind === 'drop_constraint').map((x) => x.object)));
  const cycleBreaks: DiffStatement[] = fks
    .filter((f) => cyclic.has(f.name) && !alreadyDropped.has(f.name))
    .map((f) => ({ sql: `ALTER TABLE ${qname(...splitKey(f.tab))} DROP CONSTRAINT ${quoteIdent(f.name.split('.').slice(2).join('.'))}`, source: 'table-drops' }));
  return [...cycleBreaks, ...planned.filter((_, i) => !subsumed(i))];
}
