// Online-safe plans: the same end state, reached in steps that never hold a strong lock for long.
//
//   CREATE INDEX (existing table)  → CREATE INDEX CONCURRENTLY IF NOT EXISTS, after the transaction
//   DROP INDEX (existing index)    → DROP INDEX CONCURRENTLY IF EXISTS, after the transaction
//   CHECK / FOREIGN KEY            → ADD ... NOT VALID, then VALIDATE CONSTRAINT, each on its own
//   SET NOT NULL (existing column) → ADD CHECK (col IS NOT NULL) NOT VALID; VALIDATE; SET NOT NULL
//                                    (PostgreSQL skips the scan: the check proves it); DROP the check
//   UNIQUE / PRIMARY KEY           → CREATE UNIQUE INDEX CONCURRENTLY; ADD CONSTRAINT ... USING INDEX
//
// Steps run after the apply transaction, one short transaction each; those that take a strong
// lock carry a short lock_timeout and bounded retries, which apply carries out (see retry.ts). Every step is idempotent
// through the plan itself: an interrupted apply is re-planned from the live catalog (a leftover
// check is reused, an invalid index from an interrupted CONCURRENTLY build is rebuilt, DROP ... IF
// EXISTS), so running apply again finishes the job.
import { scanSync } from 'libpg-query';
import { withClient, type Client } from '../db/connect';
import { classify } from '../engine/classify';
import type { PlanTransform } from '../engine/extensions';
import type { PlannedStatement } from '../engine/plan';
import { backfillWrites, type Backfill } from '../engine/source';
import { qi, qualified, splitName, tableOf } from '../lint/names';
import { LiveCatalog } from '../lint/live';
import { checkExpression, nameList } from '../lint/rules/util';
import type { RetryOptions } from '../engine/retry';
import type { Node } from '../lint/types';
import { dottedKey, dottedKeySql } from '../pg/identity';
import { rangeVarKey } from '../pg/node';

const TEMP_CHECK_SUFFIX = '_schemaop_nn';

/** Name of the temporary check of the online SET NOT NULL (at most 63 bytes, stable across runs). */
export function notNullCheckName(table: string, column: string): string {
  const base = `${splitName(table)[1]}_${column}`.slice(0, 63 - TEMP_CHECK_SUFFIX.length);
  return `${base}${TEMP_CHECK_SUFFIX}`;
}

/** Inserts `text` after the first token matching `pred` (read with PostgreSQL's scanner). */
function insertAfterToken(sql: string, pred: (t: string) => boolean, text: string): string | undefined {
  const t = scanSync(sql).tokens.find((x) => pred(x.text.toUpperCase()));
  if (!t) return undefined;
  const b = Buffer.from(sql, 'utf8');
  return b.subarray(0, t.end).toString() + text + b.subarray(t.end).toString();
}

/** A step after the transaction: `sql` (classified here), or a planned statement moved there as it is. */
async function step(sql: string | PlannedStatement, source: string, retry?: RetryOptions): Promise<PlannedStatement> {
  const c = typeof sql === 'string' ? await classify(sql) : sql;
  if (typeof sql !== 'string') sql = sql.sql;
  return { ...c, sql, source, transactional: false, phase: 'post', ...(retry ? { retry } : {}) };
}

interface Live {
  tables: Set<string>;
  partitioned: Set<string>;
  indexes: Set<string>;
  invalidIndexes: Set<string>;
  /** Invalid indexes of partitioned tables: an interrupted per-partition build. */
  invalidPartitionedIndexes: Set<string>;
  /** Index → its table. */
  indexTable: Map<string, string>;
  /** Indexes that a constraint owns (dropping the constraint drops them). */
  constraintIndexes: Set<string>;
  /** Partitioned table → its partitions (direct children). */
  partitions: Map<string, string[]>;
  nullable: Set<string>;
  constraints: Set<string>;
  /** Foreign keys (`schema.table.constraint`): they tie two tables, so they are dropped on their own. */
  foreignKeys: Set<string>;
  /** Index → the objects (`schema.name`, no arguments) other than its table that it uses: functions, types, collations. */
  indexUses: Map<string, Set<string>>;
}

async function readLive(c: Client): Promise<Live> {
  const rels = await c.query<{ name: string; kind: string; valid: boolean | null; tab: string | null; owned: boolean; parent: string | null }>(
    `SELECT ${dottedKeySql('n.nspname', 'c.relname')} AS name, c.relkind AS kind, x.indisvalid AS valid,
            ${dottedKeySql('tn.nspname', 't.relname')} AS tab,
            EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid AND k.contype IN ('p', 'u', 'x')) AS owned,
            (SELECT ${dottedKeySql('pn.nspname', 'p.relname')} FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
              WHERE i.inhrelid = c.oid AND c.relkind IN ('r', 'p') AND p.relkind = 'p') AS parent
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_index x ON x.indexrelid = c.oid
       LEFT JOIN pg_class t ON t.oid = x.indrelid LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND c.relkind IN ('r', 'p', 'i', 'I')`,
  );
  const cols = await c.query<{ name: string }>(
    `SELECT ${dottedKeySql('n.nspname', 'c.relname', 'a.attname')} AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.attnum > 0 AND NOT a.attisdropped AND NOT a.attnotnull AND c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
  );
  const cons = await c.query<{ name: string; type: string }>(
    `SELECT ${dottedKeySql('n.nspname', 'c.relname', 'k.conname')} AS name, k.contype AS type FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace`,
  );
  const uses = await c.query<{ name: string; uses: string }>(
    `SELECT ${dottedKeySql('n.nspname', 'c.relname')} AS name, regexp_replace(o.identity, '\\(.*$', '') AS uses
       FROM pg_depend d JOIN pg_class c ON c.oid = d.objid AND c.relkind IN ('i', 'I') JOIN pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL pg_identify_object(d.refclassid, d.refobjid, 0) o
      WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'n' AND d.refclassid <> 'pg_class'::regclass
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND o.schema IS NOT NULL AND o.schema <> 'pg_catalog'`,
  );
  const indexUses = new Map<string, Set<string>>();
  for (const r of uses.rows) (indexUses.get(r.name) ?? indexUses.set(r.name, new Set()).get(r.name)!).add(r.uses);
  const by = (k: string[]) => new Set(rels.rows.filter((r) => k.includes(r.kind)).map((r) => r.name));
  const partitions = new Map<string, string[]>();
  for (const r of rels.rows) if (r.parent) partitions.set(r.parent, [...(partitions.get(r.parent) ?? []), r.name]);
  return {
    tables: by(['r', 'p']),
    partitioned: by(['p']),
    indexes: by(['i', 'I']),
    invalidIndexes: new Set(rels.rows.filter((r) => r.kind === 'i' && r.valid === false).map((r) => r.name)),
    invalidPartitionedIndexes: new Set(rels.rows.filter((r) => r.kind === 'I' && r.valid === false).map((r) => r.name)),
    indexTable: new Map(rels.rows.filter((r) => r.tab).map((r) => [r.name, r.tab!])),
    constraintIndexes: new Set(rels.rows.filter((r) => r.owned).map((r) => r.name)),
    partitions,
    nullable: new Set(cols.rows.map((r) => r.name)),
    constraints: new Set(cons.rows.map((r) => r.name)),
    foreignKeys: new Set(cons.rows.filter((r) => r.type === 'f').map((r) => r.name)),
    indexUses,
  };
}

/** `CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS ...` from a plain CREATE INDEX. */
function concurrently(sql: string): string | undefined {
  return insertAfterToken(sql, (t) => t === 'INDEX', ' CONCURRENTLY IF NOT EXISTS');
}

/** Index definitions of the desired schema (the dev database), by `schema.index`. */
async function devIndexDefs(dev: Client): Promise<Map<string, string>> {
  const r = await dev.query<{ name: string; def: string }>(
    `SELECT ${dottedKeySql('n.nspname', 'c.relname')} AS name, pg_get_indexdef(c.oid) AS def FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
  );
  return new Map(r.rows.map((x) => [x.name, x.def]));
}

/** Index of a constraint in the desired schema. */
async function devConstraintIndex(dev: Client, object: string): Promise<{ name: string; def: string } | undefined> {
  const [s, t, k] = splitName(object);
  const r = await dev.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(k.conindid) AS def FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class i ON i.oid = k.conindid
      WHERE n.nspname = $1 AND c.relname = $2 AND k.conname = $3`,
    [s, t, k],
  );
  return r.rows[0];
}

/** Whether a table (a RangeVar; unqualified means public) is partitioned in the desired schema. */
async function devPartitioned(dev: Client, r: Node | undefined): Promise<boolean> {
  if (!r?.relname) return false;
  const q = await dev.query(
    `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'p'`,
    [r.schemaname ?? 'public', r.relname],
  );
  return q.rows.length > 0;
}

/** One index of a partitioned index's tree in the desired schema, parents before children. */
interface TreeIndex {
  name: string;
  table: string;
  def: string;
  /** True for the index of a partitioned table (it holds no data: built ON ONLY, then attached). */
  partitioned: boolean;
  parent?: string;
}

async function devIndexTree(dev: Client, index: string): Promise<TreeIndex[]> {
  const [s, n] = splitName(index);
  const r = await dev.query<TreeIndex & { depth: number }>(
    `WITH RECURSIVE tree AS (
       SELECT c.oid, NULL::oid AS parent, 0 AS depth FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2
       UNION ALL SELECT i.inhrelid, i.inhparent, tree.depth + 1 FROM pg_inherits i JOIN tree ON i.inhparent = tree.oid)
     SELECT ${dottedKeySql('n.nspname', 'c.relname')} AS name, ${dottedKeySql('tn.nspname', 't.relname')} AS "table", pg_get_indexdef(c.oid) AS def,
            c.relkind = 'I' AS partitioned, ${dottedKeySql('pn.nspname', 'p.relname')} AS parent, tree.depth
       FROM tree JOIN pg_class c ON c.oid = tree.oid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_index x ON x.indexrelid = c.oid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
       LEFT JOIN pg_class p ON p.oid = tree.parent LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
      ORDER BY tree.depth, name`,
    [s, n],
  );
  return r.rows.map(({ depth: _depth, parent, ...x }) => (parent ? { ...x, parent } : x));
}

/**
 * CONCURRENTLY is impossible on a partitioned table: the index is created ON ONLY each partitioned
 * table (no data, a short lock), built CONCURRENTLY on each leaf partition, and attached. The
 * parent becomes valid when its last partition is attached. Only when the partitions the desired
 * schema indexes are exactly the live ones (no partition added or removed by the plan).
 */
async function partitionedIndexSteps(dev: Client, live: Live, index: string, src: string, retry: RetryOptions): Promise<PlannedStatement[] | undefined> {
  const tree = await devIndexTree(dev, index);
  if (!tree.length || !tree[0].partitioned) return undefined;
  for (const t of tree) {
    if (!live.tables.has(t.table)) return undefined;
    const children = tree.filter((c) => c.parent === t.name).map((c) => c.table).sort();
    if (t.partitioned && JSON.stringify(children) !== JSON.stringify([...(live.partitions.get(t.table) ?? [])].sort())) return undefined;
  }
  const out: PlannedStatement[] = [];
  for (const t of tree) {
    const sql = t.partitioned ? insertAfterToken(t.def, (x) => x === 'INDEX', ' IF NOT EXISTS') : concurrently(t.def);
    if (!sql) return undefined;
    out.push(await step(sql, src, t.partitioned ? retry : undefined));
  }
  for (const t of [...tree].reverse()) {
    if (t.parent) out.push(await step(`ALTER INDEX ${qualified(t.parent)} ATTACH PARTITION ${qualified(t.name)}`, src, retry));
  }
  return out;
}

export function onlineSafeTransform(retry: RetryOptions): PlanTransform {
  return {
    name: 'online-safe steps',
    async run(statements, ctx) {
      const live = await readLive(ctx.target);
      const data = await LiveCatalog.load(ctx.target);
      return withClient(ctx.devUrl, (dev) => rewrite(statements, live, data, dev, retry, ctx.backfills), 'dev database');
    },
  };
}


/**
 * Whether the rows already there make the step fail (counted on tables small enough to scan):
 * such a step stays in the transaction, so the apply fails before anything is committed.
 */
async function failsOnData(data: LiveCatalog, s: PlannedStatement, tree: Node): Promise<boolean> {
  const ch = s.changes[0];
  const bad = (n: { n: number } | undefined) => !!n && n.n > 0;
  if (ch.kind === 'set_not_null') return bad(await data.nonNull(ch.object, true));
  if (ch.kind === 'create_index' && ch.details.unique) {
    const n: Node = tree.IndexStmt ?? {};
    const cols: string[] = (n.indexParams ?? []).map((p: Node) => p.IndexElem?.name);
    return !n.whereClause && cols.every(Boolean) && bad(await data.duplicates(rangeVarKey(n.relation), cols));
  }
  if (ch.kind !== 'add_constraint') return false;
  const k: Node = tree.AlterTableStmt?.cmds?.[0]?.AlterTableCmd?.def?.Constraint ?? {};
  const { table } = tableOf(ch.object);
  if (k.contype === 'CONSTR_CHECK') {
    const expr = checkExpression(s.sql);
    return !!expr && bad(await data.matching(table, `NOT (${expr})`));
  }
  if (k.contype === 'CONSTR_FOREIGN') return bad(await data.orphans(table, nameList(k.fk_attrs), rangeVarKey(k.pktable), nameList(k.pk_attrs)));
  if (k.contype === 'CONSTR_UNIQUE' || k.contype === 'CONSTR_PRIMARY') return bad(await data.duplicates(table, nameList(k.keys)));
  return false;
}

async function rewrite(statements: PlannedStatement[], live: Live, data: LiveCatalog, dev: Client, retry: RetryOptions, backfills: Backfill[]): Promise<PlannedStatement[]> {
  const out: PlannedStatement[] = [];
  const post: PlannedStatement[] = [];
  /** Tables whose UNIQUE / PRIMARY KEY moved after the transaction: foreign keys to them follow. */
  const movedKeys = new Set<string>();
  /** Indexes and constraints created after the transaction: statements about them follow. */
  const moved = new Set<string>();
  const validateLater = new Set<string>();
  const src = 'online-safe';
  const all = statements.flatMap((s) => s.changes);
  // Relations the plan creates or drops are never rewritten: a new table is empty (nothing to do
  // online) and dropping a table drops its indexes and constraints with it.
  const created = new Set(all.filter((c) => ['create_table', 'create_partition', 'create_table_as', 'create_materialized_view'].includes(c.kind)).map((c) => c.object));
  const dropped = new Set(all.filter((c) => c.kind === 'drop_table' || c.kind === 'drop_materialized_view').map((c) => c.object));
  const existing = (table: string) => live.tables.has(table) && !created.has(table) && !dropped.has(table);
  const droppedObjects = new Set(all.filter((c) => c.kind.startsWith('drop_')).map((c) => c.object.replace(/\(.*$/, '')));
  const single = (s: PlannedStatement) => s.changes.length === 1;
  const plainIndexMoves = (ch: { kind: string; details: Record<string, unknown>; object: string }) => {
    const table = String(ch.details.table ?? '');
    return ch.kind === 'create_index' && !ch.details.concurrent && !ch.details.only && existing(table) && !live.partitioned.has(table);
  };

  for (const [i, s] of statements.entries()) {
    const ch = s.changes[0];
    // DROP TABLE drops the table's own indexes and constraints (not its foreign keys, which tie it
    // to other tables): they are not dropped one by one first.
    const owner = ch?.kind === 'drop_index' ? live.indexTable.get(ch.object) : ch?.kind === 'drop_constraint' && !live.foreignKeys.has(ch.object) ? tableOf(ch.object).table : undefined;
    if (single(s) && owner && dropped.has(owner) && statements.slice(i + 1).some((x) => x.changes.some((c) => c.kind === 'drop_table' && c.object === owner))) continue;
    if (s.phase !== 'transaction' || !single(s)) {
      out.push(s);
      continue;
    }
    const tree = s.tree;
    const table = String(ch.details.table ?? tableOf(ch.object).table);
    // The NULLs a pending backfill fills are gone when the steps after the transaction run.
    const filledByBackfill = ch.kind === 'set_not_null' && backfills.some((b) => backfillWrites(b, ch.id));
    if (existing(table) && !filledByBackfill && (await failsOnData(data, s, tree))) {
      out.push(s);
      continue;
    }

    if (plainIndexMoves(ch)) {
      const sql = concurrently(s.sql);
      if (sql) {
        post.push(await step(sql, src));
        moved.add(ch.object);
        continue;
      }
    }
    if (ch.kind === 'create_index' && !ch.details.concurrent && !ch.details.only && existing(table) && live.partitioned.has(table)) {
      const steps = await partitionedIndexSteps(dev, live, ch.object, src, retry);
      if (steps) {
        post.push(...steps);
        moved.add(ch.object);
        continue;
      }
    }
    if (ch.kind === 'drop_index' && !ch.details.concurrent && !ch.details.cascade && live.indexes.has(ch.object) && owner) {
      // An index of a constraint goes with its constraint, one of a dropped table with the table;
      // a partitioned one cannot be dropped concurrently; and a same-named index created again in
      // the transaction needs the old one gone first.
      const recreatedInTransaction = statements.some((x) => x.kind === 'create_index' && x.object === ch.object && x.phase === 'transaction' && !plainIndexMoves(x.changes[0]));
      // The transaction may drop a function, type or collation the index uses: the index goes first.
      const usesDropped = [...(live.indexUses.get(ch.object) ?? [])].some((o) => droppedObjects.has(o));
      // A table the transaction attaches as a partition: its parent's index would adopt this one
      // (and the ATTACH locks the table all the same).
      const attached = statements.some((x) => x.phase === 'transaction' && x.changes.some((y) => y.kind === 'attach_partition' && y.details.partition === owner));
      if (!live.constraintIndexes.has(ch.object) && existing(owner) && !live.partitioned.has(owner) && !recreatedInTransaction && !usesDropped && !attached) {
        post.push(await step(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified(ch.object)}`, src));
        continue;
      }
    }
    if (ch.kind === 'add_constraint' && existing(table)) {
      const k: Node = tree.AlterTableStmt?.cmds?.[0]?.AlterTableCmd?.def?.Constraint ?? {};
      const type = k.contype;
      const partitioned = live.partitioned.has(table);
      // NOT VALID foreign keys are refused on partitioned tables (PostgreSQL 17); one that references
      // a partitioned table gets a clone per partition that VALIDATE CONSTRAINT leaves not valid.
      if (type === 'CONSTR_CHECK' || (type === 'CONSTR_FOREIGN' && !partitioned && !(await devPartitioned(dev, k.pktable)))) {
        const notValid = k.skip_validation ? s : `${s.sql} NOT VALID`;
        post.push(await step(notValid, src, retry));
        moved.add(ch.object);
        // Validated later (after every other step), unless the desired schema keeps it NOT VALID.
        const validated = statements.some((v) => v.kind === 'validate_constraint' && v.object === ch.object);
        if (!k.skip_validation || validated) validateLater.add(ch.object);
        continue;
      }
      if ((type === 'CONSTR_UNIQUE' || type === 'CONSTR_PRIMARY') && k.indexname && moved.has(dottedKey(splitName(table)[0], k.indexname))) {
        post.push(await step(s, src, retry));
        movedKeys.add(table);
        moved.add(ch.object);
        continue;
      }
      // ADD CONSTRAINT ... USING INDEX is refused on partitioned tables: their keys stay in the transaction.
      if ((type === 'CONSTR_UNIQUE' || type === 'CONSTR_PRIMARY') && !k.indexname && !k.deferrable && !partitioned) {
        const idx = await devConstraintIndex(dev, ch.object);
        const create = idx && concurrently(idx.def);
        if (idx && create) {
          const kw = type === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
          post.push(await step(create, src));
          post.push(await step(`ALTER TABLE ${qualified(table)} ADD CONSTRAINT ${qi(splitName(ch.object)[2])} ${kw} USING INDEX ${qi(idx.name)}`, src, retry));
          movedKeys.add(table);
          moved.add(ch.object);
          moved.add(dottedKey(splitName(table)[0], idx.name));
          continue;
        }
      }
    }
    if (ch.kind === 'add_constraint' && !existing(table)) {
      const k: Node = tree.AlterTableStmt?.cmds?.[0]?.AlterTableCmd?.def?.Constraint ?? {};
      const ref = k.pktable ? dottedKey(k.pktable.schemaname ?? 'public', k.pktable.relname) : '';
      if (k.contype === 'CONSTR_FOREIGN' && movedKeys.has(ref)) {
        post.push(await step(s, src));
        moved.add(ch.object);
        continue;
      }
    }
    if (ch.kind === 'validate_constraint' && validateLater.has(ch.object)) continue;
    if (ch.kind === 'validate_constraint' && live.constraints.has(ch.object) && existing(table) && !moved.has(ch.object)) {
      // A constraint already there (NOT VALID, e.g. from an interrupted apply): validate it online.
      validateLater.add(ch.object);
      continue;
    }
    if (ch.kind === 'set_not_null' && existing(table) && live.nullable.has(ch.object)) {
      const { column } = tableOf(ch.object);
      const check = notNullCheckName(table, column);
      const t = qualified(table);
      if (!live.constraints.has(`${table}.${dottedKey(check)}`)) post.push(await step(`ALTER TABLE ${t} ADD CONSTRAINT ${qi(check)} CHECK (${qi(column)} IS NOT NULL) NOT VALID`, src, retry));
      post.push(await step(`ALTER TABLE ${t} VALIDATE CONSTRAINT ${qi(check)}`, src, retry));
      post.push(await step(`ALTER TABLE ${t} ALTER COLUMN ${qi(column)} SET NOT NULL`, src, retry));
      post.push(await step(`ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${qi(check)}`, src, retry));
      continue;
    }
    // A statement about an object that now exists only after the transaction (a COMMENT ON its
    // constraint or index, an ALTER INDEX) follows it there.
    if (moved.has(ch.object) && s.kind !== 'drop_constraint' && s.kind !== 'drop_index') {
      post.push({ ...s, transactional: false, phase: 'post' });
      continue;
    }
    // The diff drops a leftover temporary check of an interrupted online SET NOT NULL: the steps
    // above drop it at their end (and a plain drop is harmless when nothing else is pending).
    out.push(s);
  }
  for (const name of validateLater) {
    const { table, column } = tableOf(name);
    post.push(await step(`ALTER TABLE ${qualified(table)} VALIDATE CONSTRAINT ${qi(column)}`, src, retry));
  }
  // An index left INVALID by an interrupted CONCURRENTLY build looks present to the diff: rebuild it.
  const defs = await devIndexDefs(dev);
  for (const name of live.invalidIndexes) {
    const def = defs.get(name);
    if (!def || post.some((p) => p.kind === 'create_index' && p.object === name)) continue;
    const create = concurrently(def);
    if (create) post.push(await step(create, `${src} (rebuild of invalid index)`));
  }
  // A partitioned index left invalid by an interrupted per-partition build: its steps are re-run.
  for (const name of live.invalidPartitionedIndexes) {
    if (!defs.has(name) || moved.has(name)) continue;
    const steps = await partitionedIndexSteps(dev, live, name, `${src} (completion of a partitioned index)`, retry);
    if (steps) post.push(...steps.filter((p) => !(p.kind === 'create_index' && post.some((q) => q.kind === 'create_index' && q.object === p.object))));
  }
  // Drop the leftover temporary checks only when their SET NOT NULL is not being redone.
  const redone = new Set(post.filter((p) => p.kind === 'add_constraint' || p.kind === 'validate_constraint').map((p) => p.object));
  return [...out.filter((s) => !(s.kind === 'drop_constraint' && s.object.endsWith(TEMP_CHECK_SUFFIX) && redone.has(s.object))), ...post];
}
