// Applying a plan: serialised by an advisory lock, bounded by lock_timeout / statement_timeout,
// every transactional statement and backfill in one transaction (all or nothing), the revision
// recorded in that same transaction, and only if the plan is still the one that was reviewed.
// Online-safe plans run their backfills (in batches) and non-transactional steps after it.
import type { Client } from '../db/connect';
import { connect } from '../db/connect';
import { scrub } from '../db/url';
import { SchemaopError } from '../errors';
import { runBackfillInBatches } from './backfill-batches';
import { catalogFingerprint } from './fingerprint';
import { currentRevision, ensureMetaSchema, insertRevision, recordBackfill, recordVerification, resolveRevision } from './history';
import { excludedSchemas, Plan, PlanOptions, blockingFindings, hasChanges, planWith } from './plan';
import { loadDesiredSchema } from './source';
import { ScratchKeeper } from './devdb';
import { LOCK_NOT_AVAILABLE, runWithRetry } from './retry';
import { splitKey } from '../pg/identity';
import { EXIT } from '../exit-codes';

export interface ApplyOptions extends PlanOptions {
  /** Refuse to apply unless the plan computed now has this hash (the reviewed one). */
  planHash?: string;
  /** How long to wait for another apply on the same database to finish. */
  lockWaitMs?: number;
  /** lock_timeout for each statement: a statement waiting longer for a table lock fails. */
  lockTimeoutMs?: number;
  /** statement_timeout for each statement. */
  statementTimeoutMs?: number;
  /**
   * When a statement of the transaction gives up waiting for a lock (lock_timeout), the whole
   * transaction is rolled back (releasing every lock it took, so no writer queues behind it) and
   * tried again after a short pause, up to this many times. Default 0.
   */
  retries?: number;
  /** Called with the plan before anything is changed; return false to cancel. */
  confirm?: (plan: Plan) => Promise<boolean>;
}

export interface ApplyResult {
  plan: Plan;
  applied: boolean;
  cancelled?: boolean;
  revision?: number;
  backfillRows: Record<string, number>;
  durationMs: number;
}

/** Advisory lock key: one apply per database at a time ("schemaop" in the first 8 bytes). */
export const APPLY_LOCK_KEY = '7310593858927120240';

export class PlanChangedError extends SchemaopError {
  constructor(expected: string, actual: string) {
    super(`the plan changed since it was reviewed (its statements, or the data its findings state): expected plan ${expected}, the database now needs plan ${actual}; plan and review again`, EXIT.planChanged);
  }
}

async function acquireLock(c: Client, waitMs: number): Promise<void> {
  await c.query(`SET lock_timeout = ${Math.max(1, Math.floor(waitMs))}`);
  try {
    await c.query(`SELECT pg_advisory_lock(${APPLY_LOCK_KEY})`);
  } catch (e) {
    if ((e as { code?: string }).code !== '55P03') throw e;
    const holder = await c.query(
      `SELECT a.pid, a.application_name, a.client_addr, a.backend_start FROM pg_locks l JOIN pg_stat_activity a USING (pid)
        WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ((l.classid::bigint << 32) | l.objid::bigint) = ${APPLY_LOCK_KEY} LIMIT 1`,
    );
    const h = holder.rows[0];
    const who = h ? ` (held by pid ${h.pid}, ${h.application_name || 'unknown client'}, connected since ${new Date(h.backend_start).toISOString()})` : '';
    throw new SchemaopError(`another apply is running on this database${who}; gave up after waiting ${Math.round(waitMs / 1000)}s`, EXIT.locked);
  } finally {
    await c.query('RESET lock_timeout');
  }
}

/** Applies the desired schema to `opts.url`. */
export async function apply(opts: ApplyOptions): Promise<ApplyResult> {
  const t0 = Date.now();
  const schema = await loadDesiredSchema(opts.schemaDir, { lazy: true });
  const c = await connect(opts.url, { purpose: 'apply' });
  // The verification plans again what was just planned: the scratch database loaded for the plan
  // serves both (the desired files are the same, or their hash says not).
  const scratch = new ScratchKeeper();
  opts = { ...opts, scratch };
  try {
    await setLiveness(c);
    opts.onProgress?.('waiting for the apply lock');
    await acquireLock(c, opts.lockWaitMs ?? 60_000);
    try {
      const plan = await planWith(c, schema, opts);
      if (opts.planHash && opts.planHash !== plan.hash) throw new PlanChangedError(opts.planHash, plan.hash);
      const empty = { plan, backfillRows: {}, durationMs: Date.now() - t0 };
      if (!hasChanges(plan)) {
        if (!plan.fastPath) await resolveCurrent(c, plan, opts);
        return { ...empty, applied: false };
      }
      if (blockingFindings(plan).length) throw new BlockedError(plan);
      if (opts.confirm && !(await opts.confirm(plan))) return { ...empty, applied: false, cancelled: true };
      const result = await execute(c, plan, opts, t0);
      await verify(c, result.revision!, opts);
      return result;
    } finally {
      await c.query(`SELECT pg_advisory_unlock(${APPLY_LOCK_KEY})`).catch(() => undefined);
    }
  } finally {
    await scratch.close().catch(() => undefined);
    await c.end().catch(() => undefined);
  }
}

/** An apply is done only when a fresh full re-plan is empty. */
export class NotConvergedError extends SchemaopError {
  constructor(
    readonly revision: number,
    readonly remaining: string[],
  ) {
    super(
      `not converged: revision ${revision} was applied, but a fresh full re-plan still has ${remaining.length} difference(s):\n` +
        remaining.map((s) => `  ${s.split('\n').join('\n  ')};`).join('\n') +
        '\nThe revision is recorded as not verified; the next plan diffs in full. This is a defect of the schema engine: please report it with the schema.',
      EXIT.error,
    );
  }
}

async function verify(c: Client, revision: number, opts: ApplyOptions): Promise<void> {
  opts.onProgress?.('verifying: a fresh full re-plan must be empty and the catalog the desired one');
  const again = await planWith(c, await loadDesiredSchema(opts.schemaDir, { lazy: true }), { ...opts, full: true, compareCatalogs: true });
  const remaining = [
    ...again.statements.map((s) => s.sql),
    ...again.backfills.map((b) => `-- backfill ${b.id}`),
    ...again.stages.filter((s) => s.count > 0).map((s) => `-- ${s.count} change(s) of ${s.stage}`),
    ...(again.catalogDifferences ?? []).map((d) => `-- catalog differs: ${d.replace(/^(\S+(?: \S+)*?) ([-+]) /, (_, kind: string, sign: string) => `${kind} ${sign === '-' ? 'live' : 'desired'}: `)}`),
  ];
  await recordVerification(c, revision, remaining);
  if (remaining.length) throw new NotConvergedError(revision, remaining);
}

/** A full re-plan found nothing to do: the current revision, if it matches, is verified (and a partial one finished). */
async function resolveCurrent(c: Client, plan: Plan, opts: ApplyOptions): Promise<void> {
  const current = await currentRevision(c);
  if (!current || current.desiredHash !== plan.desiredHash || (current.verified && current.outcome !== 'partial')) return;
  await ensureMetaSchema(c);
  await resolveRevision(c, current.id, await catalogFingerprint(c, excludedSchemas(opts.excludeSchemas), opts.exclude));
}

async function setTimeouts(c: Client, opts: ApplyOptions, local: boolean): Promise<void> {
  const scope = local ? 'LOCAL ' : '';
  await c.query(`SET ${scope}lock_timeout = ${opts.lockTimeoutMs ?? 10_000}`);
  await c.query(`SET ${scope}statement_timeout = ${opts.statementTimeoutMs ?? 0}`);
  await c.query(`SET ${scope}check_function_bodies = off`);
}

/**
 * A killed apply must not leave its session holding locks: the server checks that the client is
 * still there while a statement runs, ends a transaction left idle, and probes a silent peer (a
 * machine that vanished without closing its socket).
 */
async function setLiveness(c: Client): Promise<void> {
  await c.query(
    `SET client_connection_check_interval = 1000; SET idle_in_transaction_session_timeout = 60000;
     SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3`,
  );
}

class StatementError extends SchemaopError {
  constructor(
    message: string,
    /** The server's SQLSTATE. */
    readonly pgCode?: string,
  ) {
    super(message, EXIT.error);
  }
}


export class BlockedError extends SchemaopError {
  constructor(readonly plan: Plan) {
    const b = blockingFindings(plan);
    super(
      `the plan is blocked by ${b.length} finding${b.length === 1 ? '' : 's'}; nothing was applied:\n` +
        b.map((f) => `  ${f.rule} ${f.object}: ${f.message}`).join('\n') +
        '\nA reviewed allowance naming the rule and the object lets a change pass.',
      EXIT.blocked,
    );
  }
}

/** `what` names the statement in the error: `statement 3 of 12` (its number in the plan), or a backfill. */
async function runStatement(c: Client, sql: string, url: string, what = 'statement'): Promise<number> {
  return (await runQuery(c, sql, url, what)).rowCount ?? 0;
}

async function runQuery(c: Client, sql: string, url: string, what: string) {
  try {
    return await c.query(sql);
  } catch (e) {
    const err = e as { message: string; code?: string; detail?: string };
    const why = err.code === '55P03' ? ' (lock_timeout: another session holds a lock on this object)' : err.code === '57014' ? ' (statement_timeout)' : '';
    const detail = err.detail ? `\n  DETAIL: ${err.detail}` : '';
    throw new StatementError(`${what} failed: ${scrub(err.message, url)}${why}${detail}\n  ${sql.split('\n').join('\n  ')}`, err.code);
  }
}

/** A batch of statements failed: which one is found by running them one at a time. */
class BatchFailed extends Error {
  constructor(readonly error: Error) {
    super(error.message);
  }
}

/** At most this many statements, or this much text, per round trip. */
const BATCH_STATEMENTS = 200;
const BATCH_CHARS = 512 * 1024;

function batches<T extends { sql: string }>(statements: T[]): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let size = 0;
  for (const s of statements) {
    if (cur.length && (cur.length >= BATCH_STATEMENTS || size + s.sql.length > BATCH_CHARS)) {
      out.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(s);
    size += s.sql.length;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** One query text of several statements: each ends on its own line, so a trailing comment ends before the semicolon. */
const joinStatements = (statements: { sql: string }[]) => statements.map((s) => `${s.sql}\n;`).join('\n');

async function execute(c: Client, plan: Plan, opts: ApplyOptions, t0: number): Promise<ApplyResult> {
  const started = new Date(t0);
  const pre = plan.statements.filter((s) => s.phase === 'pre');
  const tx = plan.statements.filter((s) => s.phase === 'transaction' && !s.afterBackfills);
  const txAfterBackfills = plan.statements.filter((s) => s.phase === 'transaction' && s.afterBackfills);
  const post = plan.statements.filter((s) => s.phase === 'post');
  // Online-safe plans run the backfills after the transaction, in batches (see backfill-batches):
  // as the plan says, the one that was shown and whose hash was checked.
  const batchRows = plan.backfillBatchRows;
  const inTx = batchRows ? [] : plan.backfills;
  const afterTx = batchRows ? plan.backfills : [];
  const finishesAfter = post.length > 0 || afterTx.length > 0;
  const backfillRows: Record<string, number> = {};
  const base = { desiredHash: plan.desiredHash, planHash: plan.hash, engine: plan.engine, startedAt: started };
  const allSql = plan.statements.map((s) => s.sql);
  const nth = (s: Plan['statements'][number]) => `statement ${plan.statements.indexOf(s) + 1} of ${plan.statements.length}`;
  let revision: number;
  // Statements of the transaction go in batches, one round trip each; a batch that fails makes
  // the transaction run again statement by statement, so the error names its statement.
  let batched = true;
  try {
    await setTimeouts(c, opts, false);
    // Additive statements that must commit before the transaction can use them (enum values).
    for (const s of pre) {
      opts.onProgress?.(`running ${s.kind} ${s.object}`);
      await runStatement(c, s.sql, opts.url, nth(s));
    }
    for (let attempt = 0; ; attempt++) {
      try {
        for (const k of Object.keys(backfillRows)) delete backfillRows[k];
        await c.query('BEGIN');
        await setTimeouts(c, opts, true);
        await ensureMetaSchema(c);
        revision = await insertRevision(c, { ...base, kind: 'apply', outcome: 'applied', catalogFingerprint: null, statements: allSql, backfills: [] });
        if (batched) {
          for (const b of batches(tx)) {
            const at = (s: Plan['statements'][number]) => plan.statements.indexOf(s) + 1;
            opts.onProgress?.(b.length === 1 ? `running ${b[0].kind} ${b[0].object}` : `running statements ${at(b[0])} to ${at(b[b.length - 1])} of ${plan.statements.length}`);
            try {
              await c.query(joinStatements(b));
            } catch (e) {
              throw new BatchFailed(e as Error);
            }
          }
        } else {
          for (const s of tx) {
            opts.onProgress?.(`running ${s.kind} ${s.object}`);
            await runStatement(c, s.sql, opts.url, nth(s));
          }
        }
        for (const b of inTx) {
          opts.onProgress?.(`running backfill ${b.id}`);
          const rows = await runStatement(c, b.sql, opts.url, `backfill ${b.id}`);
          backfillRows[b.id] = rows;
          await recordBackfill(c, b.id, b.checksum, revision, rows);
        }
        for (const s of txAfterBackfills) {
          opts.onProgress?.(`running ${s.kind} ${s.object}`);
          await runStatement(c, s.sql, opts.url, nth(s));
        }
        for (const st of plan.stages) {
          if (st.count === 0) continue;
          const stage = (opts.stages ?? []).find((x) => x.name === st.stage)!;
          opts.onProgress?.(`applying ${st.stage}`);
          await stage.apply(c, st);
        }
        const fp = finishesAfter ? null : await catalogFingerprint(c, excludedSchemas(opts.excludeSchemas), opts.exclude);
        await c.query(
          `UPDATE schemaop.revisions SET catalog_fingerprint = $2, backfills = $3, outcome = $4, finished_at = clock_timestamp(),
                  duration_ms = (extract(epoch FROM clock_timestamp() - started_at) * 1000)::int WHERE id = $1`,
          [revision, fp, JSON.stringify(Object.entries(backfillRows).map(([id, rows]) => ({ id, rows }))), finishesAfter ? 'partial' : 'applied'],
        );
        await c.query('COMMIT');
        break;
      } catch (e) {
        if (e instanceof BatchFailed) {
          await c.query('ROLLBACK');
          batched = false;
          attempt--;
          continue;
        }
        if (!(e instanceof StatementError && e.pgCode === LOCK_NOT_AVAILABLE) || attempt >= (opts.retries ?? 0)) throw e;
        await c.query('ROLLBACK');
        opts.onProgress?.(`a lock was not available; retrying the transaction (${attempt + 1} of ${opts.retries})`);
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 5_000)));
      }
    }
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    await recordFailure(c, base, allSql, e as Error);
    throw e;
  }
  if (finishesAfter) {
    // A step after the commit failed: the revision says so, and the next apply finishes the rest.
    const failAfterCommit = async (e: unknown): Promise<never> => {
      await c.query(`UPDATE schemaop.revisions SET error = $2 WHERE id = $1`, [revision, (e as Error).message]).catch(() => undefined);
      throw new SchemaopError(`${(e as Error).message}\nthe transactional part of revision ${revision} is committed; run apply again to finish`, EXIT.error);
    };
    for (const b of afterTx) {
      opts.onProgress?.(`running backfill ${b.id} in batches of ${batchRows} rows`);
      try {
        const r = await runBackfillInBatches(c, b, {
          rows: batchRows!,
          run: (sql) => runQuery(c, sql, opts.url, `backfill ${b.id}`),
          onBatch: (n) => opts.onProgress?.(`backfill ${b.id}: ${n} rows`),
        });
        backfillRows[b.id] = r.rows;
        await recordBackfill(c, b.id, b.checksum, revision, r.rows);
      } catch (e) {
        await failAfterCommit(e);
      }
    }
    if (afterTx.length) await c.query(`UPDATE schemaop.revisions SET backfills = $2 WHERE id = $1`, [revision, JSON.stringify(Object.entries(backfillRows).map(([id, rows]) => ({ id, rows })))]);
    // Statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY ...), after the commit.
    for (const s of post) {
      opts.onProgress?.(`running ${s.kind} ${s.object}`);
      try {
        await dropInvalidLeftover(c, s);
        if (s.retry) await runWithRetry(c, s.retry, () => runStatement(c, s.sql, opts.url, nth(s)), (n) => opts.onProgress?.(`${nth(s)}: a lock was not available within ${s.retry!.lockTimeoutMs}ms; retrying (${n} of ${s.retry!.retries})`));
        else await runStatement(c, s.sql, opts.url, nth(s));
      } catch (e) {
        await failAfterCommit(e);
      }
    }
    const fp = await catalogFingerprint(c, excludedSchemas(opts.excludeSchemas), opts.exclude);
    await c.query(
      `UPDATE schemaop.revisions SET catalog_fingerprint = $2, outcome = 'applied', finished_at = clock_timestamp(),
              duration_ms = (extract(epoch FROM clock_timestamp() - started_at) * 1000)::int WHERE id = $1`,
      [revision, fp],
    );
  }
  return { plan, applied: true, revision, backfillRows, durationMs: Date.now() - t0 };
}

/**
 * A CREATE INDEX CONCURRENTLY that was interrupted leaves an INVALID index behind; running the
 * plan again first drops that leftover, so the post-transaction steps can always be re-run.
 */
async function dropInvalidLeftover(c: Client, s: Plan['statements'][number]): Promise<void> {
  if (s.kind !== 'create_index') return;
  const [schema, name] = splitKey(s.object);
  const r = await c.query(
    `SELECT format('%I.%I', n.nspname, i.relname) AS name FROM pg_class i JOIN pg_namespace n ON n.oid = i.relnamespace
       JOIN pg_index x ON x.indexrelid = i.oid WHERE n.nspname = $1 AND i.relname = $2 AND NOT x.indisvalid`,
    [schema, name],
  );
  if (r.rows[0]) await c.query(`DROP INDEX CONCURRENTLY IF EXISTS ${r.rows[0].name}`);
}

async function recordFailure(c: Client, base: { desiredHash: string; planHash: string; engine: string; startedAt: Date }, statements: string[], e: Error): Promise<void> {
  try {
    await ensureMetaSchema(c);
    await insertRevision(c, { ...base, kind: 'apply', outcome: 'failed', catalogFingerprint: null, statements, backfills: [], error: e.message });
  } catch {
    // The connection may be gone (that is often why the apply failed): the failure is still reported.
  }
}
