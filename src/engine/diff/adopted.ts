// Which index of a partition serves its parent's partitioned index is decided by PostgreSQL when
// the two meet: CREATE TABLE ... PARTITION OF clones every index the parent already has, while
// ATTACH PARTITION (and CREATE INDEX on the parent) adopts a matching index the partition has of
// its own. The desired database was built in its authors' order; the plan must meet the same way:
// - a new partition whose own key or index the desired database has attached to an existing
//   parent index is created as a table of its own (LIKE its parent), given that index, then
//   attached, instead of getting a clone next to it;
// - a table attached as a partition keeps apart an index of its own that the desired database
//   does not have attached: it is dropped before the ATTACH (which would adopt it) and created
//   again after it, and an index of its own the desired table lacks is dropped before the ATTACH.
import { classifyCached, nsFilter, qname, quoteIdentIfNeeded, rows } from './catalog';
import type { DiffContext } from './catalog';
import type { DiffStatement } from './types';
import { dottedKey, dottedKeySql, splitKey } from '../../pg/identity';

interface Attached {
  /** `schema.table` of the partition. */
  table: string;
  /** `schema.name` of its index, and of the parent's index it is attached to. */
  index: string;
  parent: string;
  /** The constraint on the partition the index was built for, if any. */
  con: string | null;
  def: string;
  /** The names PostgreSQL gives its columns when it names an index (expressions are `expr`). */
  columns: string[];
}

interface Own {
  table: string;
  index: string;
  /** Everything from USING on, with UNIQUE: what PostgreSQL compares to adopt it. */
  shape: string;
  def: string;
  con: string | null;
}

/** Indexes attached to a parent's partitioned index, in the desired database. */
const attachedQuery = (ctx: DiffContext) => `
  SELECT ${dottedKeySql('tn.nspname', 't.relname')} AS table, ${dottedKeySql('n.nspname', 'c.relname')} AS index, ${dottedKeySql('pn.nspname', 'p.relname')} AS parent,
         (SELECT k.conname FROM pg_constraint k WHERE k.conindid = c.oid AND k.conrelid = t.oid AND k.contype IN ('p', 'u', 'x')) AS con,
         replace(pg_get_indexdef(c.oid), ' ON ONLY ', ' ON ') AS def,
         ARRAY(SELECT coalesce(a.attname::text, 'expr') FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(num, ord)
                 LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.num AND k.num <> 0 ORDER BY k.ord) AS columns
    FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class p ON p.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
    JOIN pg_index x ON x.indexrelid = c.oid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
   WHERE c.relkind IN ('i', 'I') AND ${nsFilter('n.nspname', ctx)}`;

/** Every index of a user table, with the part of its definition that adoption compares. */
const indexesQuery = (ctx: DiffContext) => `
  SELECT ${dottedKeySql('tn.nspname', 't.relname')} AS table, ${dottedKeySql('n.nspname', 'c.relname')} AS index, c.relispartition AS attached,
         (CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END) || substring(pg_get_indexdef(c.oid) FROM ' USING .*$') AS shape,
         pg_get_indexdef(c.oid) AS def,
         (SELECT k.conname FROM pg_constraint k WHERE k.conindid = c.oid AND k.conrelid = t.oid AND k.contype IN ('p', 'u', 'x')) AS con
    FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)}`;

/** A partition's bound and, when it is partitioned itself, its key, in the desired database. */
const partitionQuery = (ctx: DiffContext) => `
  SELECT ${dottedKeySql('n.nspname', 'c.relname')} AS table, pg_get_expr(c.relpartbound, c.oid) AS bound,
         CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS key
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relispartition AND c.relkind IN ('r', 'p') AND ${nsFilter('n.nspname', ctx)}`;

const q = (dotted: string) => {
  const [schema, name] = splitKey(dotted);
  return qname(schema, name);
};

/** The text inside the parenthesis that opens at `open`, or undefined if it does not close. */
function parenthesised(sql: string, open: number): { inner: string; end: number } | undefined {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const close = sql.indexOf(ch, i + 1);
      if (close < 0) return undefined;
      i = close;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return { inner: sql.slice(open + 1, i), end: i + 1 };
  }
  return undefined;
}

/** The element list of `create table x partition of y (list) FOR VALUES ...`: '' when there is none. */
function partitionElements(sql: string): string | undefined {
  const at = sql.search(/\s(FOR\s+VALUES|DEFAULT)\b/i);
  const of = sql.search(/\spartition\s+of\s/i);
  if (at < 0 || of < 0) return undefined;
  const open = sql.indexOf('(', of);
  if (open < 0 || open > at) return '';
  const list = parenthesised(sql, open);
  if (!list || /\bWITH\s+OPTIONS\b/i.test(list.inner)) return undefined;
  return list.inner.trim();
}

/**
 * Whether `index` has the name PostgreSQL gives the copy of a parent's index on `table` (table,
 * columns, `idx`, a number when taken; cut to 63 bytes): the name a clone would get anyway.
 */
function cloneNamed(a: Attached): boolean {
  const table = splitKey(a.table)[1];
  const name = splitKey(a.index)[1];
  const auto = `${table}_${a.columns.join('_')}_idx`;
  if (Buffer.byteLength(auto) > 63) return Buffer.byteLength(name) >= 58 && name.startsWith(table.slice(0, 20));
  return name === auto || (name.startsWith(auto) && /^\d+$/.test(name.slice(auto.length)));
}

export async function adoptedIndexes(ctx: DiffContext, planned: DiffStatement[]): Promise<DiffStatement[]> {
  const cls = await Promise.all(planned.map((s) => classifyCached(s.sql)));
  const single = (i: number) => (cls[i].changes.length === 1 ? cls[i].changes[0] : undefined);
  const creates = cls.flatMap((c, i) => (c.node === 'CreateStmt' && c.kind === 'create_partition' && c.changes[0]?.details.partitionOf ? [i] : []));
  const createdTables = new Set(cls.filter((c) => c.node === 'CreateStmt').map((c) => c.object));
  const attaches = cls.flatMap((c, i) => (single(i)?.kind === 'attach_partition' && !createdTables.has(String(c.changes[0].details.partition)) ? [i] : []));
  /** statement index of each index the plan creates (by `schema.name`) */
  const indexCreates = new Map(cls.flatMap((c, i) => (single(i)?.kind === 'create_index' ? [[c.changes[0].object, i] as const] : [])));
  if (!indexCreates.size && !creates.length && !attaches.length) return planned;
  const attachedRows = await rows<Attached>(ctx.to, attachedQuery(ctx));
  if (!attachedRows.length && !attaches.length) return planned;
  const liveIndexes = await rows<Own & { attached: boolean }>(ctx.from, indexesQuery(ctx));
  const wantIndexes = attaches.length ? await rows<Own & { attached: boolean }>(ctx.to, indexesQuery(ctx)) : [];
  const bounds = creates.length ? await rows<{ table: string; bound: string; key: string | null }>(ctx.to, partitionQuery(ctx)) : [];
  const dropped = new Set(cls.flatMap((c) => c.changes.filter((x) => x.kind === 'drop_index' || x.kind === 'drop_table').map((x) => x.object)));
  const liveIndex = new Set(liveIndexes.filter((r) => !dropped.has(r.index) && !dropped.has(r.table)).map((r) => r.index));
  const bound = new Map(bounds.map((b) => [b.table, b]));
  const out: (DiffStatement | undefined)[] = planned.map((s) => s);
  const before = new Map<number, DiffStatement[]>();
  const after = new Map<number, DiffStatement[]>();
  const put = (m: Map<number, DiffStatement[]>, i: number, s: DiffStatement) => (m.get(i) ?? m.set(i, []).get(i)!).push(s);
  // A partition's own index (not a key's) that a parent index adopts: migra plans none, as it
  // plans no partition's copy; unless the copy would get its name anyway, it is created here.
  const own = (a: Attached) => !a.con && !liveIndex.has(a.index) && !indexCreates.has(a.index) && !cloneNamed(a);

  for (const i of creates) {
    const c = cls[i];
    const table = c.object;
    const parent = String(c.changes[0].details.partitionOf);
    const b = bound.get(table);
    const elements = partitionElements(planned[i].sql);
    if (!b || elements === undefined) continue;
    // The partition's own keys and indexes that an existing parent index is to adopt, and the
    // statements that build them.
    const adopting = attachedRows.filter((a) => a.table === table && liveIndex.has(a.parent));
    const builders = new Set<number>();
    const made: DiffStatement[] = [];
    let inline = false;
    const text = elements.toLowerCase();
    for (const a of adopting) {
      if (a.con && [quoteIdentIfNeeded(a.con), `"${a.con}"`].some((n) => text.includes(`constraint ${n.toLowerCase()} `))) inline = true;
      const built = indexCreates.get(a.index);
      if (built !== undefined) builders.add(built);
      else if (own(a)) made.push({ sql: a.def, source: 'adopted' });
      cls.forEach((x, j) => {
        if (a.con && single(j)?.kind === 'add_constraint' && x.changes[0].object === `${table}.${dottedKey(a.con)}`) builders.add(j);
      });
    }
    if (!inline && !builders.size && !made.length) continue;
    const unlogged = /^\s*create\s+unlogged\s/i.test(planned[i].sql) ? 'UNLOGGED ' : '';
    const like = `LIKE ${q(parent)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION`;
    out[i] = {
      ...planned[i],
      source: 'adopted',
      sql: `CREATE ${unlogged}TABLE ${q(table)} (${like}${elements ? `,\n    ${elements}` : ''})${b.key ? ` PARTITION BY ${b.key}` : ''}`,
    };
    for (const j of [...builders].sort((x, y) => x - y)) {
      put(after, i, planned[j]);
      out[j] = undefined;
    }
    for (const m of made) put(after, i, m);
    put(after, i, { sql: `ALTER TABLE ${q(parent)} ATTACH PARTITION ${q(table)} ${b.bound}`, source: 'adopted' });
  }

  // A parent index the plan creates adopts the partitions' own indexes created before it (the
  // dependency order puts them first).
  for (const a of attachedRows) {
    const at = indexCreates.get(a.parent);
    if (at !== undefined && own(a)) put(before, at, { sql: a.def, source: 'adopted' });
  }

  for (const i of attaches) {
    const ch = cls[i].changes[0];
    const table = String(ch.details.partition);
    const parent = ch.object;
    const parentShapes = new Set(liveIndexes.filter((r) => r.table === parent && liveIndex.has(r.index)).map((r) => r.shape));
    const desired = new Map(wantIndexes.filter((r) => r.table === table).map((r) => [r.index, r]));
    for (const mine of liveIndexes.filter((r) => r.table === table && !r.attached && !r.con && parentShapes.has(r.shape))) {
      const want = desired.get(mine.index);
      if (want?.attached) continue;
      // Dropped by the plan anyway: before the ATTACH, while it is still the table's own.
      const drop = cls.findIndex((x) => x.changes.length === 1 && x.changes[0].kind === 'drop_index' && x.changes[0].object === mine.index);
      if (drop >= 0) out[drop] = undefined;
      put(before, i, drop >= 0 ? planned[drop] : { sql: `DROP INDEX ${q(mine.index)}`, source: 'adopted' });
      if (want && drop < 0) put(after, i, { sql: want.def, source: 'adopted' });
    }
  }
  if (!before.size && !after.size) return planned;
  return out.flatMap((s, i) => [...(before.get(i) ?? []), ...(s ? [s] : []), ...(after.get(i) ?? [])]);
}
