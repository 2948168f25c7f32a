// What migra leaves out of the comparison of partitions (it treats their columns and settings as
// the parent's): a column's NOT NULL and default of its own (one that stays after a dropped
// primary key, or a table attached as a partition),
// row security, and which partitioned index a partition's index is attached to. Compared here for
// partitions that exist on both sides. An index created on a partitioned table attaches the
// matching indexes its partitions already have: so it is created after them.
import type { Fixer } from './types';
import { classifyCached, createdByMigra, droppedByMigra, key, nsFilter, qname, quoteIdentIfNeeded, rows } from './catalog';
import type { DiffContext } from './catalog';
import type { DiffStatement } from './types';
import { dottedKeySql, relationKey } from '../../pg/identity';

interface PartRow {
  schema: string;
  table: string;
  partition: boolean;
  rls: boolean;
  force: boolean;
  /** Columns with NOT NULL. */
  notnull: string[];
  columns: string[];
  /** Column → its default expression. */
  defaults: Record<string, string> | null;
  /** Columns a new partition gets NOT NULL without saying so: its parent's, and its primary key's. */
  implied: string[];
}

const query = (ctx: DiffContext, tables = false) => `
  SELECT n.nspname AS schema, c.relname AS table, c.relispartition AS partition, c.relrowsecurity AS rls, c.relforcerowsecurity AS force,
         coalesce((SELECT array_agg(a.attname::text) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '{}') AS columns,
         (SELECT json_object_agg(a.attname, pg_get_expr(d.adbin, d.adrelid)) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
           WHERE d.adrelid = c.oid AND NOT a.attisdropped AND a.attgenerated = '') AS defaults,
         coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull), '{}') AS notnull,
         coalesce((SELECT array_agg(DISTINCT a.attname::text) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                      AND (EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname WHERE i.inhrelid = c.oid AND pa.attnotnull)
                           OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p' AND a.attnum = ANY (k.conkey)))), '{}') AS implied
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE (c.relispartition${tables ? " OR c.relkind IN ('r', 'p')" : ''}) AND ${nsFilter('n.nspname', ctx)}`;

/**
 * Partition indexes attached to a partitioned index (qualified, quoted), with the key constraint
 * the index backs on its partition, if any.
 */
const attachedQuery = (ctx: DiffContext) => `
  SELECT format('%I.%I', n.nspname, c.relname) AS index, format('%I.%I', pn.nspname, p.relname) AS parent, ${dottedKeySql('n.nspname', 'c.relname')} AS key,
         (SELECT format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s USING INDEX %I', n.nspname, (SELECT relname FROM pg_class WHERE oid = k.conrelid), k.conname, CASE k.contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, c.relname)
            FROM pg_constraint k WHERE k.conindid = c.oid AND k.contype IN ('p', 'u') AND k.conrelid = (SELECT indrelid FROM pg_index WHERE indexrelid = c.oid)) AS constraint
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
   WHERE c.relkind IN ('i', 'I') AND ${nsFilter('n.nspname', ctx)}`;

/** Indexes of the live database and whether a key constraint uses them. */
const indexesQuery = (ctx: DiffContext) => `
  SELECT ${dottedKeySql('n.nspname', 'c.relname')} AS key, EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid AND k.contype IN ('p', 'u')) AS keyed
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('i', 'I') AND ${nsFilter('n.nspname', ctx)}`;

/** Partitioned table → its partitions (qualified keys, unquoted), from the desired database. */
const partitionsQuery = (ctx: DiffContext) => `
  SELECT ${dottedKeySql('pn.nspname', 'p.relname')} AS parent, ${dottedKeySql('n.nspname', 'c.relname')} AS partition
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
   WHERE p.relkind = 'p' AND ${nsFilter('n.nspname', ctx)}`;

export const partitionProperties: Fixer = {
  name: 'partition-properties',
  doc: "partitions' own NOT NULL columns and row security, which migra does not compare",
  async run(ctx, planned) {
    const [have, want] = await Promise.all([rows<PartRow>(ctx.from, query(ctx, true)), rows<PartRow>(ctx.to, query(ctx))]);
    const fresh = new Set([...droppedByMigra(ctx), ...createdByMigra(ctx)]);
    // What migra already plans for these tables' columns and row security.
    const planned_ = new Set<string>();
    for (const p of planned) for (const ch of (await classifyCached(p.sql)).changes) planned_.add(`${ch.kind}\0${ch.object}`);
    const live = new Map(have.map((r) => [key(r.schema, r.table), r]));
    const after: string[] = [];
    for (const w of want) {
      const k = key(w.schema, w.table);
      // A partition the plan creates starts with the NOT NULLs it is given implicitly.
      const h = fresh.has(k) ? { ...w, rls: false, force: false, notnull: w.implied } : live.get(k);
      if (!h) continue;
      const alter = (what: string, kind: string, object = k) => {
        if (!planned_.has(`${kind}\0${object}`)) after.push(`ALTER TABLE ${qname(w.schema, w.table)} ${what}`);
      };
      // A partition's own defaults (one attached keeps its own; one created takes its parent's).
      if (!fresh.has(k)) {
        const hd = h.defaults ?? {};
        const wd = w.defaults ?? {};
        for (const c of w.columns) {
          if (hd[c] === wd[c] || !h.columns.includes(c)) continue;
          alter(`ALTER COLUMN ${quoteIdentIfNeeded(c)} ${wd[c] === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${wd[c]}`}`, wd[c] === undefined ? 'drop_default' : 'set_default', key(k, c));
        }
      }
      // A table attached as a partition: migra compares the rest.
      if (!h.partition) continue;
      if (h.rls !== w.rls) alter(`${w.rls ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`, w.rls ? 'enable_row_security' : 'disable_row_security');
      if (h.force !== w.force) alter(`${w.force ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`, w.force ? 'force_row_security' : 'no_force_row_security');
      const hn = new Set(h.notnull);
      const wn = new Set(w.notnull);
      const kept = new Set(w.columns);
      for (const c of w.notnull) if (!hn.has(c)) alter(`ALTER COLUMN ${quoteIdentIfNeeded(c)} SET NOT NULL`, 'set_not_null', key(k, c));
      // A column the desired partition lacks goes with its parent's DROP COLUMN.
      for (const c of h.notnull) if (!wn.has(c) && kept.has(c) && !fresh.has(key(k, c))) alter(`ALTER COLUMN ${quoteIdentIfNeeded(c)} DROP NOT NULL`, 'drop_not_null', key(k, c));
    }
    type Attached = { index: string; parent: string; key: string; constraint: string | null };
    const [liveAttached, wantAttached, parts, liveIndexes] = await Promise.all([
      rows<Attached>(ctx.from, attachedQuery(ctx)),
      rows<Attached>(ctx.to, attachedQuery(ctx)),
      rows<{ parent: string; partition: string }>(ctx.to, partitionsQuery(ctx)),
      rows<{ key: string; keyed: boolean }>(ctx.from, indexesQuery(ctx)),
    ]);
    const attachedNow = new Set(liveAttached.map((r) => `${r.parent}\0${r.index}`));
    const existing = new Map(liveIndexes.map((r) => [r.key, r.keyed]));
    for (const p of planned) for (const ch of (await classifyCached(p.sql)).changes) if (ch.kind === 'create_index' && !existing.has(ch.object)) existing.set(ch.object, false);
    // A live index the desired schema attaches: its key first (a partition's key index attaches to
    // its parent's), then ATTACH (which does nothing where the parent's creation attached it).
    for (const r of wantAttached) {
      if (attachedNow.has(`${r.parent}\0${r.index}`) || !existing.has(r.key) || fresh.has(r.key)) continue;
      if (r.constraint && !existing.get(r.key)) after.push(r.constraint);
      after.push(`ALTER INDEX ${r.parent} ATTACH PARTITION ${r.index}`);
    }
    const replace = await indexesAfterPartitions([...planned], parts);
    return replace ? { after, replace } : { after };
  },
};

/** Moves each CREATE INDEX on a partitioned table after the indexes and keys the plan makes on its partitions. */
async function indexesAfterPartitions(out: DiffStatement[], parts: { parent: string; partition: string }[]): Promise<DiffStatement[] | undefined> {
  const partitionsOf = new Map<string, Set<string>>();
  for (const p of parts) (partitionsOf.get(p.parent) ?? partitionsOf.set(p.parent, new Set()).get(p.parent)!).add(p.partition);
  if (!partitionsOf.size) return undefined;
  const cls = await Promise.all(out.map((s) => classifyCached(s.sql)));
  const tableOf = (i: number) => {
    const ch = cls[i].changes[0];
    if (!ch) return undefined;
    if (ch.kind === 'create_index') return ch.details.table as string;
    if (ch.kind === 'add_constraint') return relationKey(ch.object);
    return undefined;
  };
  let moved = false;
  for (let i = 0; i < out.length; i++) {
    const c = cls[i];
    const table = c.kind === 'create_index' && !c.changes[0].details.only ? tableOf(i) : undefined;
    const children = table ? partitionsOf.get(table) : undefined;
    if (!children) continue;
    let last = -1;
    for (let j = i + 1; j < out.length; j++) if (children.has(tableOf(j) ?? '')) last = j;
    if (last < 0) continue;
    const [s] = out.splice(i, 1);
    const [k] = cls.splice(i, 1);
    out.splice(last, 0, s);
    cls.splice(last, 0, k);
    i--;
    moved = true;
  }
  return moved ? out : undefined;
}
