// Backfills of online-safe plans: after the schema transaction committed (so the table's strong
// lock, taken for example by ADD COLUMN, is already released), each in short transactions.
//
// A backfill that is one `UPDATE table SET ... WHERE condition` runs in batches:
//
//   WITH batch AS (SELECT ctid FROM table WHERE condition LIMIT n)
//   UPDATE table SET ... WHERE ctid = ANY (ARRAY(SELECT ctid FROM batch)) AND (condition)
//
// until fewer than n rows match, so each batch locks at most n rows for its own instant. The
// condition must stop matching the rows it updated (`WHERE col IS NULL`, the usual backfill); one
// that keeps matching is stopped with a clear error instead of running forever. Any other backfill
// runs whole, in its own transaction. An interrupted backfill is not recorded: the next apply
// runs it again, and its condition skips the rows already done.
import { scanSync } from 'libpg-query';
import { loadParser, parseSqlSync } from './sql';
import type { Client } from '../db/connect';
import { SchemaopError } from '../errors';
import { EXIT } from '../exit-codes';
import { quoteIdent } from '../pg/quote';

export const DEFAULT_BATCH_ROWS = 10_000;

export interface BatchedUpdate {
  /** `UPDATE table [AS alias] SET ...`, up to its WHERE (comments blanked). */
  head: string;
  /** The WHERE condition's text (comments blanked). */
  condition: string;
  /** `table [alias]` for the batch's sub-select. */
  from: string;
  /** How the statement names the table's rows: the alias, else the table. */
  target: string;
}


/** The parts of a single `UPDATE ... WHERE ...` backfill, or undefined when it is anything else. */
export async function batchable(sql: string): Promise<BatchedUpdate | undefined> {
  await loadParser();
  let stmts: { stmt: Record<string, unknown> }[];
  try {
    stmts = (parseSqlSync(sql).stmts ?? []) as typeof stmts;
  } catch {
    return undefined;
  }
  if (stmts.length !== 1) return undefined;
  const u = stmts[0].stmt.UpdateStmt as Record<string, unknown> | undefined;
  // FROM, RETURNING and WITH change what a row's update means: such a backfill runs whole.
  if (!u || !u.whereClause || u.fromClause || u.returningList || u.returningClause || u.withClause) return undefined;
  const rel = u.relation as { schemaname?: string; relname: string; inh?: boolean; alias?: { aliasname: string } };
  // Comments blanked (a trailing `--` would swallow what the batch adds after the condition), and
  // the top-level WHERE keyword found with PostgreSQL's scanner (not one inside a sub-select).
  const bytes = Buffer.from(sql, 'utf8');
  let depth = 0;
  let where: { start: number; end: number } | undefined;
  for (const t of scanSync(sql).tokens) {
    if (t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT') bytes.fill(0x20, t.start, t.end);
    else if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.text.toUpperCase() === 'WHERE') where = { start: t.start, end: t.end };
  }
  if (!where) return undefined;
  const condition = bytes.subarray(where.end).toString().trim().replace(/;\s*$/, '').trim();
  const table = `${rel.schemaname ? `${quoteIdent(rel.schemaname)}.` : ''}${quoteIdent(rel.relname)}`;
  const target = rel.alias ? quoteIdent(rel.alias.aliasname) : table;
  return {
    head: bytes.subarray(0, where.start).toString().trim(),
    condition,
    from: `${rel.inh ? '' : 'ONLY '}${table}${rel.alias ? ` ${target}` : ''}`,
    target,
  };
}

/**
 * The statement that updates one batch of at most `rows` rows and says how many rows matched
 * (`picked`) and how many it updated (`updated`: fewer when a writer changed some meanwhile).
 */
export function batchStatement(b: BatchedUpdate, rows: number): string {
  return (
    `WITH batch AS (SELECT ${b.target}.ctid FROM ${b.from} WHERE ${b.condition} LIMIT ${rows}),\n` +
    `done AS (${b.head} WHERE ${b.target}.ctid = ANY (ARRAY(SELECT ctid FROM batch)) AND (${b.condition}) RETURNING 1)\n` +
    'SELECT (SELECT count(*) FROM batch)::int AS picked, (SELECT count(*) FROM done)::int AS updated'
  );
}

/**
 * Runs one backfill outside any transaction of the caller: in batches when it can, else whole.
 * `run` executes one statement (in its own implicit transaction).
 */
export async function runBackfillInBatches(
  c: Client,
  b: { id: string; sql: string },
  opts: { rows: number; run: (sql: string) => Promise<{ rowCount: number | null; rows: Record<string, unknown>[] }>; onBatch?: (done: number) => void },
): Promise<{ rows: number; batches: number }> {
  const parts = await batchable(b.sql);
  if (!parts) return { rows: (await opts.run(b.sql)).rowCount ?? 0, batches: 1 };
  const [{ n }] = (await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${parts.from} WHERE ${parts.condition}`)).rows;
  // Rows written while the backfill runs may match too; beyond twice the start (and a margin), the
  // condition is matching the rows the backfill itself updates.
  const limit = 2 * Number(n) + 10 * opts.rows;
  const sql = batchStatement(parts, opts.rows);
  let rows = 0;
  let batches = 0;
  for (;;) {
    const [r] = (await opts.run(sql)).rows as { picked: number; updated: number }[];
    batches++;
    rows += r.updated;
    if (r.updated > 0) opts.onBatch?.(rows);
    // A short batch that updated every row it found: done. Rows written after it are the
    // application's, as they would be after a backfill in one transaction. A row a writer changed
    // between the batch's pick and its update was skipped (its ctid moved): the next batch takes it
    // again if it still matches.
    if (r.picked < opts.rows && r.updated === r.picked) return { rows, batches };
    if (rows > limit)
      throw new SchemaopError(
        `backfill ${b.id} does not finish: after ${rows} updated rows (${n} matched at the start) its WHERE still matches rows; ` +
          'a backfill of an online-safe plan runs in batches until its condition matches nothing, so the condition must exclude the rows it updated (for example `WHERE col IS NULL`)',
        EXIT.error,
      );
  }
}
