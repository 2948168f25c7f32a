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
// lock run with a short lock_timeout and bounded retries (see retry.ts). Every step is idempotent
// through the plan itself: an interrupted apply is re-planned from the live catalog (a leftover
// check is reused, an invalid index from an interrupted CONCURRENTLY build is rebuilt, DROP ... IF
// EXISTS), so running apply again finishes the job.
import { scanSync } from 'libpg-query';
import { withClient, type Client } from '../db/connect';
import { classify } from '../engine/classify';
import type { PlanTransform } from '../engine/extensions';
import type { PlannedStatement } from '../engine/plan';
import { qi, qualified, splitName, tableOf } from '../lint/names';
import { statementTree } from '../lint/context';
import { wrapWithRetry, type RetryOptions } from './retry';
import type { Node } from '../lint/types';

/** Name of the temporary check of the online SET NOT NULL (at most 63 bytes, stable across runs). */
export function notNullCheckName(table: string, column: string): string {
  const base = `${splitName(table)[1]}_${column}`.slice(0, 63 - '_schemaop_nn'.length);
  return `${base}_schemaop_nn`;
}

/** Inserts `text` after the first token matching `pred` (read with PostgreSQL's scanner). */
function insertAfterToken(sql: string, pred: (t: string) => boolean, text: string): string | undefined {
  const t = scanSync(sql).tokens.find((x) => pred(x.text.toUpperCase()));
  if (!t) return undefined;
  const b = Buffer.from(sql, 'utf8');
  return b.subarray(0, t.end).toString() + text + b.subarray(t.end).toString();
}

async function step(sql: string, source: string, retry?: RetryOptions): Promise<PlannedStatement> {
  const c = await classify(sql);
  return { ...c, sql: retry ? wrapWithRetry(sql, retry) : sql, source, transactional: false, phase: 'post' };
}

interface Live {
  tables: Set<string>;
  partitioned: Set<string>;
  indexes: Set<string>;
  invalidIndexes: Set<string>;
  nullable: Set<string>;
  constraints: Set<string>;
}

async function readLive(c: Client): Promise<Live> {
  const rels = await c.query<{ name: string; kind: string; valid: boolean | null }>(
    `SELECT n.nspname || '.' || c.relname AS name, c.relkind AS kind, x.indisvalid AS valid
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_index x ON x.indexrelid = c.oid
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND c.relkind IN ('r', 'p', 'i', 'I')`,
  );
  const cols = await c.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname || '.' || a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.attnum > 0 AND NOT a.attisdropped AND NOT a.attnotnull AND c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
  );
  const cons = await c.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname || '.' || k.conname AS name FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace`,
  );
  const by = (k: string[]) => new Set(rels.rows.filter((r) => k.includes(r.kind)).map((r) => r.name));
  return {
    tables: by(['r', 'p']),
    partitioned: by(['p']),
    indexes: by(['i', 'I']),
    invalidIndexes: new Set(rels.rows.filter((r) => r.kind === 'i' && r.valid === false).map((r) => r.name)),
    nullable: new Set(cols.rows.map((r) => r.name)),
    constraints: new Set(cons.rows.map((r) => r.name)),
  };
}

/** `CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS ...` from a plain CREATE INDEX. */
function concurrently(sql: string): string | undefined {
  return insertAfterToken(sql, (t) => t === 'INDEX', ' CONCURRENTLY IF NOT EXISTS');
}

/** Index definitions of the desired schema (the dev database), by `schema.index`. */
async function devIndexDefs(dev: Client): Promise<Map<string, string>> {
  const r = await dev.query<{ name: string; def: string }>(
    `SELECT n.nspname || '.' || c.relname AS name, pg_get_indexdef(c.oid) AS def FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
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

export function onlineSafeTransform(retry: RetryOptions): PlanTransform {
  return {
    name: 'online-safe steps',
    async run(statements, ctx) {
      const live = await readLive(ctx.target);
      return withClient(ctx.devUrl, (dev) => rewrite(statements, live, dev, retry), 'dev database');
    },
  };
}

async function rewrite(statements: PlannedStatement[], live: Live, dev: Client, retry: RetryOptions): Promise<PlannedStatement[]> {
  const out: PlannedStatement[] = [];
  const post: PlannedStatement[] = [];
  /** Tables whose UNIQUE / PRIMARY KEY moved after the transaction: foreign keys to them follow. */
  const movedKeys = new Set<string>();
  /** Indexes built after the transaction: constraints USING them follow. */
  const movedIndexes = new Set<string>();
  const validateLater = new Set<string>();
  const src = 'online-safe';
  const existing = (table: string) => live.tables.has(table);
  const single = (s: PlannedStatement) => s.changes.length === 1;

  for (const s of statements) {
    const ch = s.changes[0];
    if (s.phase !== 'transaction' || !single(s)) {
      out.push(s);
      continue;
    }
    const tree = statementTree(s.sql);
    const table = String(ch.details.table ?? tableOf(ch.object).table);

    if (ch.kind === 'create_index' && !ch.details.concurrent && !ch.details.only && existing(table) && !live.partitioned.has(table)) {
      const sql = concurrently(s.sql);
      if (sql) {
        post.push(await step(sql, src));
        movedIndexes.add(ch.object);
        continue;
      }
    }
    if (ch.kind === 'drop_index' && !ch.details.concurrent && !ch.details.cascade && live.indexes.has(ch.object)) {
      post.push(await step(`DROP INDEX CONCURRENTLY IF EXISTS ${qualified(ch.object)}`, src));
      continue;
    }
    if (ch.kind === 'add_constraint' && existing(table)) {
      const k: Node = tree.AlterTableStmt?.cmds?.[0]?.AlterTableCmd?.def?.Constraint ?? {};
      const type = k.contype;
      if (type === 'CONSTR_CHECK' || type === 'CONSTR_FOREIGN') {
        const notValid = k.skip_validation ? s.sql : `${s.sql} NOT VALID`;
        post.push(await step(notValid, src, retry));
        // Validated later (after every other step), unless the desired schema keeps it NOT VALID.
        const validated = statements.some((v) => v.kind === 'validate_constraint' && v.object === ch.object);
        if (!k.skip_validation || validated) validateLater.add(ch.object);
        continue;
      }
      if ((type === 'CONSTR_UNIQUE' || type === 'CONSTR_PRIMARY') && k.indexname && movedIndexes.has(`${splitName(table)[0]}.${k.indexname}`)) {
        post.push(await step(s.sql, src, retry));
        movedKeys.add(table);
        continue;
      }
      if ((type === 'CONSTR_UNIQUE' || type === 'CONSTR_PRIMARY') && !k.indexname && !k.deferrable) {
        const idx = await devConstraintIndex(dev, ch.object);
        const create = idx && concurrently(idx.def);
        if (idx && create) {
          const kw = type === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
          post.push(await step(create, src));
          post.push(await step(`ALTER TABLE ${qualified(table)} ADD CONSTRAINT ${qi(splitName(ch.object)[2])} ${kw} USING INDEX ${qi(idx.name)}`, src, retry));
          movedKeys.add(table);
          continue;
        }
      }
    }
    if (ch.kind === 'add_constraint' && !existing(table)) {
      const k: Node = tree.AlterTableStmt?.cmds?.[0]?.AlterTableCmd?.def?.Constraint ?? {};
      const ref = k.pktable ? `${k.pktable.schemaname ?? 'public'}.${k.pktable.relname}` : '';
      if (k.contype === 'CONSTR_FOREIGN' && movedKeys.has(ref)) {
        post.push(await step(s.sql, src));
        continue;
      }
    }
    if (ch.kind === 'validate_constraint' && validateLater.has(ch.object)) continue;
    if (ch.kind === 'validate_constraint' && live.constraints.has(ch.object) && existing(table)) {
      // A constraint already there (NOT VALID, e.g. from an interrupted apply): validate it online.
      validateLater.add(ch.object);
      continue;
    }
    if (ch.kind === 'set_not_null' && existing(table) && live.nullable.has(ch.object)) {
      const { column } = tableOf(ch.object);
      const check = notNullCheckName(table, column);
      const t = qualified(table);
      if (!live.constraints.has(`${table}.${check}`)) post.push(await step(`ALTER TABLE ${t} ADD CONSTRAINT ${qi(check)} CHECK (${qi(column)} IS NOT NULL) NOT VALID`, src, retry));
      post.push(await step(`ALTER TABLE ${t} VALIDATE CONSTRAINT ${qi(check)}`, src, retry));
      post.push(await step(`ALTER TABLE ${t} ALTER COLUMN ${qi(column)} SET NOT NULL`, src, retry));
      post.push(await step(`ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${qi(check)}`, src, retry));
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
  // Drop the leftover temporary checks only when their SET NOT NULL is not being redone.
  const redone = new Set(post.filter((p) => p.kind === 'add_constraint' || p.kind === 'validate_constraint').map((p) => p.object));
  return [...out.filter((s) => !(s.kind === 'drop_constraint' && redone.has(s.object))), ...post];
}
