// A dropped table takes its indexes, keys, constraints, triggers, policies and rules with it.
// migra drops each of them one by one before the table; those statements only lengthen the plan
// (and, in an online plan, would be split out of the table's own drop), so they are left out.
// Only what the table's DROP really removes goes: a foreign key on another table that references
// it stays, and is ordered before the drop by the live database's dependencies; so does a foreign
// key between dropped tables that reference each other: it is dropped on its own first (migra
// plans none), as pg_dump breaks such cycles.
import { DiffContext, classifyCached, qname, quoteIdentIfNeeded, rows, textArray } from './catalog';
import type { Classification } from '../classify';
import type { DiffStatement } from './types';
import { dottedKey, dottedKeySql, relationKey, splitKey } from '../../pg/identity';

const relParts = (k: string) => splitKey(k) as [string, string];

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
            `SELECT ${dottedKeySql('n.nspname', 'i.relname')} AS idx, ${dottedKeySql('tn.nspname', 't.relname')} AS tab
               FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
               JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
              WHERE ${dottedKeySql('n.nspname', 'i.relname')} = ANY(${textArray(indexes)})`,
          )
        ).map((r) => [r.idx, r.tab])
      : [],
  );
  const fks = await rows<{ name: string; tab: string; ref: string; parent: string | null }>(
    ctx.from,
    `SELECT ${dottedKeySql('n.nspname', 't.relname', 'k.conname')} AS name, ${dottedKeySql('n.nspname', 't.relname')} AS tab, ${dottedKeySql('rn.nspname', 'r.relname')} AS ref,
            (SELECT ${dottedKeySql('pn.nspname', 'pt.relname', 'p.conname')} FROM pg_constraint p JOIN pg_class pt ON pt.oid = p.conrelid
               JOIN pg_namespace pn ON pn.oid = pt.relnamespace WHERE p.oid = k.conparentid) AS parent
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
      WHERE k.contype = 'f' AND k.conrelid <> k.confrelid AND ${dottedKeySql('n.nspname', 't.relname')} = ANY(${textArray([...droppedAt.keys()])})`,
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
      if (ch.kind === 'drop_constraint' && c.node === 'AlterTableStmt') return !cyclic.has(ch.object) && goesLater(relationKey(ch.object));
      if (SUB_OBJECTS.has(ch.kind)) return goesLater(relationKey(ch.object));
      if (ch.kind === 'drop_index') return goesLater(tableOf.get(ch.object));
      return false;
    });
  };
  const alreadyDropped = new Set(cls.flatMap((c) => c.changes.filter((x) => x.kind === 'drop_constraint').map((x) => x.object)));
  const cycleBreaks: DiffStatement[] = fks
    .filter((f) => cyclic.has(f.name) && !alreadyDropped.has(f.name))
    .map((f) => ({ sql: `ALTER TABLE ${qname(...relParts(f.tab))} DROP CONSTRAINT ${quoteIdentIfNeeded(splitKey(f.name)[2])}`, source: 'table-drops' }));
  const reowned = await sequencesOfRecreatedTables(ctx, cls, droppedAt);
  return [...cycleBreaks, ...reowned.before, ...planned.filter((_, i) => !subsumed(i)), ...reowned.after];
}

/**
 * A table dropped and created again takes the sequences it owns (a serial's) with its drop, while
 * the desired schema keeps them: they are released first (OWNED BY NONE) and given their desired
 * owner once the table exists again.
 */
async function sequencesOfRecreatedTables(ctx: DiffContext, cls: Classification[], droppedAt: Map<string, number>) {
  const created = new Set(cls.flatMap((c) => c.changes.filter((x) => x.kind === 'create_table' || x.kind === 'create_partition').map((x) => x.object)));
  const recreated = [...droppedAt.keys()].filter((t) => created.has(t));
  const none = { before: [] as DiffStatement[], after: [] as DiffStatement[] };
  if (!recreated.length) return none;
  const owned = (tables?: string[]) => `
    SELECT sn.nspname AS schema, s.relname AS name, ${dottedKeySql('tn.nspname', 't.relname')} AS tab, a.attname AS col
      FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
      JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
     WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
       ${tables ? `AND ${dottedKeySql('tn.nspname', 't.relname')} = ANY(${textArray(tables)})` : ''}`;
  const live = await rows<{ schema: string; name: string; tab: string; col: string }>(ctx.from, owned(recreated));
  if (!live.length) return none;
  const want = new Map((await rows<{ schema: string; name: string; tab: string; col: string }>(ctx.to, owned())).map((r) => [dottedKey(r.schema, r.name), r]));
  const wantedSeqs = new Set(
    (await rows<{ k: string }>(ctx.to, `SELECT ${dottedKeySql('n.nspname', 'c.relname')} AS k FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S'`)).map((r) => r.k),
  );
  for (const s of live) {
    const k = dottedKey(s.schema, s.name);
    if (!wantedSeqs.has(k)) continue; // the sequence goes: the table's drop takes it
    none.before.push({ sql: `ALTER SEQUENCE ${qname(s.schema, s.name)} OWNED BY NONE`, source: 'table-drops' });
    const w = want.get(k);
    if (w) none.after.push({ sql: `ALTER SEQUENCE ${qname(s.schema, s.name)} OWNED BY ${qname(...relParts(w.tab))}.${quoteIdentIfNeeded(w.col)}`, source: 'table-drops' });
  }
  return none;
}
