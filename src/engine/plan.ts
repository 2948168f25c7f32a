// Planning: the statements (and backfills) that take a live database to the desired schema.
import { createHash } from 'node:crypto';
import type { Client } from '../db/connect';
import { connect } from '../db/connect';
import { classify } from './classify';
import { inspectLive } from './diff';
import { loadDesired, withScratchDatabase, type ScratchKeeper } from './devdb';
import { engineFor, type EngineName } from './engines';
import { catalogDifferences as compareCatalogs } from './catalog-compare';
import { catalogFingerprint, scope } from './fingerprint';
import { META_SCHEMA, backfillsRun, currentRevision } from './history';
import { Extensions, Finding, StageChanges } from './extensions';
import { renameDirectives } from './renames';
import { unmanagedDrops } from './unmanaged';
import { Backfill, backfillWrites, DesiredSchema, loadDesiredSchema, parseDesired } from './source';
import { describeRetry, type RetryOptions } from './retry';

export type { EngineName } from './engines';

import type { Plan, PlannedStatement } from './plan-model';
export type { Plan, PlannedBackfill, PlannedStatement } from './plan-model';

/** Whether applying the plan would change anything. */
export const hasChanges = (p: Pick<Plan, 'statements' | 'backfills' | 'stages'>) =>
  p.statements.length + p.backfills.length + p.stages.reduce((n, s) => n + s.count, 0) > 0;

/** Findings that stop apply: blocking and not allowed by a reviewed allowance. */
export const blockingFindings = (p: Plan) => p.findings.filter((f) => f.level === 'block' && !f.allowedBy);

export interface PlanOptions extends Extensions {
  /** Target database. */
  url: string;
  /** Server for the scratch dev database; defaults to the target's server. */
  devUrl?: string;
  schemaDir: string;
  /** `auto` (the default) is the built-in engine; `atlas` needs an atlas executable. */
  engine?: EngineName | 'auto';
  excludeSchemas?: string[];
  /** Skip the no-change fast path (always build the dev database and diff). */
  full?: boolean;
  /** When nothing is planned, also compare the two catalogs object by object (apply's verification). */
  compareCatalogs?: boolean;
  onProgress?: (step: string) => void;
  /**
   * Keeps the loaded scratch database for the next plan of the same desired files (apply's
   * verification): the built-in engine only reads it. The caller closes it.
   */
  scratch?: ScratchKeeper;
}

export const EXCLUDED_SCHEMAS = [META_SCHEMA];

/** The schemas a plan ignores: the bookkeeping schema and the caller's. */
export const excludedSchemas = (extra: string[] = []) => [...EXCLUDED_SCHEMAS, ...extra];

/**
 * The data a finding states, as a review relies on it: an exact count of zero ("the column holds
 * no value") is a different claim from a non-zero one; an estimate claims neither.
 */
const dataClaim = (c: { n: number; exact: boolean }) => (!c.exact ? 'estimate' : c.n === 0 ? 'none' : 'some');

export function planHash(
  statements: { sql: string; retry?: RetryOptions }[],
  backfills: { id: string; checksum: string }[],
  stages: { stage: string; hash: string; count: number }[] = [],
  findings: Pick<Finding, 'rule' | 'object' | 'data'>[] = [],
  backfillBatchRows?: number,
): string {
  const h = createHash('sha256');
  // How a step retries is part of what was reviewed, as its text is.
  for (const s of statements) h.update(`s\0${s.sql}\0${s.retry ? `r\0${describeRetry(s.retry)}\0` : ''}`);
  for (const b of backfills) h.update(`b\0${b.id}\0${b.checksum}\0`);
  // How the backfills run (in the transaction, or after it in batches) is part of what was reviewed.
  if (backfills.length && backfillBatchRows) h.update(`n\0${backfillBatchRows}\0`);
  // A stage in its desired state adds nothing, so an empty plan has one hash.
  for (const st of stages) if (st.count > 0) h.update(`g\0${st.stage}\0${st.hash}\0`);
  // The data-aware findings are part of what was reviewed: apply re-plans under its lock, so a
  // column that held no value at review and holds some now changes the hash (refused, exit 4).
  for (const f of findings) if (f.data?.length) h.update(`f\0${f.rule}\0${f.object}\0${f.data.map(dataClaim).join(',')}\0`);
  return h.digest('hex').slice(0, 16);
}

/** Plans against an open connection to the target (apply holds its lock on it while planning). */
export async function planWith(target: Client, schema: DesiredSchema, opts: PlanOptions): Promise<Plan> {
  const progress = opts.onProgress ?? (() => undefined);
  const exclude = excludedSchemas(opts.excludeSchemas);
  const engine = await engineFor(opts.engine);
  // One connection answers one query at a time.
  const current = await currentRevision(target);
  const ran = await backfillsRun(target);
  const live = await catalogFingerprint(target, exclude, opts.exclude);
  const warnings: string[] = [];
  const pendingBackfills: Backfill[] = [];
  for (const b of schema.backfills) {
    const r = ran.get(b.id);
    if (!r) pendingBackfills.push(b);
    else if (r.checksum !== b.checksum) warnings.push(`backfill ${b.id} (${b.file}) changed after it ran in revision ${r.revisionId}; it is not run again`);
  }
  const base = { desiredHash: schema.hash, engine: engine.name, liveFingerprint: live, currentRevision: current?.id, warnings };
  // The fast path starts only from a revision whose re-plan was verified empty (see apply).
  if (!opts.full && current?.verified && current.desiredHash === schema.hash && current.catalogFingerprint === live && pendingBackfills.length === 0) {
    return finish(target, schema, opts, { ...base, statements: [], backfills: [], fastPath: true });
  }
  await parseDesired(schema);
  const renames = await renameDirectives(schema);
  const devServer = opts.devUrl ?? opts.url;
  // The live database is inspected while the dev database is being loaded: the two are independent.
  const liveInspection = inspectLive(opts.url, { excludeSchemas: exclude });
  liveInspection.catch(() => undefined); // awaited below; a failure surfaces there, never as an unhandled rejection
  let catalogDifferences: string[] | undefined;
  // Only a plan that leaves the loaded database as it was keeps it for the next plan of the same
  // files: Atlas's diff may use it as its own dev database, and pending renames are undone in it
  // while the differ runs.
  const scratch = opts.scratch && engine.name === 'builtin' && renames.length === 0 ? opts.scratch : undefined;
  const withDev = <T>(fn: (devUrl: string) => Promise<T>) =>
    scratch
      ? scratch.use(devServer, schema.hash, async (url, loaded) => {
          progress(loaded ? 'reusing the dev database loaded for the plan (the desired files are unchanged)' : 'building the dev database from the desired schema');
          if (!loaded) await loadDesired(url, schema, { backfills: pendingBackfills });
          return fn(url);
        })
      : withScratchDatabase(devServer, async (url) => {
          progress('building the dev database from the desired schema');
          await loadDesired(url, schema, { backfills: pendingBackfills });
          return fn(url);
        });
  const statements = await withDev(async (devUrl) => {
    progress(`diffing the live schema with the desired one (${engine.name})`);
    // The objects left alone and the declared renames are part of the engine's request: whichever
    // engine plans, it plans with both (a transform rewrites statements, it never re-plans).
    const diff = await engine.diff({ liveUrl: opts.url, devUrl, excludeSchemas: exclude, exclude: opts.exclude ?? [], renames, live: liveInspection });
    let classified: PlannedStatement[] = [];
    for (const d of diff) classified.push({ ...(d.classification ?? (await classify(d.sql))), sql: d.sql, source: d.source });
    for (const t of opts.transforms ?? []) {
      progress(`planning: ${t.name}`);
      classified = await t.run(classified, { target, targetUrl: opts.url, devUrl, schema, backfills: pendingBackfills, excludeSchemas: exclude });
    }
    // Nothing planned: whatever still differs is what the differ does not see (apply's verification).
    if (opts.compareCatalogs && classified.length === 0) {
      const dev = await connect(devUrl, { purpose: 'verify' });
      try {
        catalogDifferences = await compareCatalogs(target, dev, scope(exclude, opts.exclude));
      } finally {
        await dev.end().catch(() => undefined);
      }
    }
    return classified;
  });
  // Statements that cannot run in a transaction keep their relative order but run around it.
  const order = { pre: 0, transaction: 1, post: 2 } as const;
  statements.sort((a, b) => order[a.phase] - order[b.phase]);
  warnings.push(...unmanagedDrops(statements));
  const backfills = pendingBackfills.map(({ id, file, sql, description, checksum, writes }) => ({ id, file, sql, description, checksum, writes }));
  // In the transaction, a SET NOT NULL waits for the backfills that fill its column (online-safe
  // plans run it after the transaction, after the batched backfills, already).
  if (!opts.backfillBatchRows) {
    for (const s of statements) {
      if (s.phase === 'transaction' && s.changes.some((c) => c.kind === 'set_not_null' && backfills.some((b) => backfillWrites(b, c.id)))) s.afterBackfills = true;
    }
  }
  return finish(target, schema, opts, { ...base, statements, backfills, fastPath: false, ...(catalogDifferences?.length ? { catalogDifferences } : {}) });
}

/** Plans the stages, runs the checks and computes the hash. */
async function finish(
  target: Client,
  schema: DesiredSchema,
  opts: PlanOptions,
  p: Omit<Plan, 'stages' | 'findings' | 'hash'>,
): Promise<Plan> {
  const stages: StageChanges[] = [];
  for (const st of opts.stages ?? []) {
    opts.onProgress?.(`planning ${st.name}`);
    stages.push(await st.plan(target, { schema, statements: p.statements, exclude: opts.exclude ?? [] }));
  }
  // Hashed once the checks have stated the data their findings rely on (see planHash).
  const plan: Plan = { ...p, stages, findings: [], hash: '', ...(opts.backfillBatchRows && p.backfills.length ? { backfillBatchRows: opts.backfillBatchRows } : {}) };
  for (const ch of opts.checks ?? []) plan.findings.push(...(await ch.run(plan, target, { schema })));
  plan.hash = planHash(p.statements, p.backfills, stages, plan.findings, plan.backfillBatchRows);
  return plan;
}

/** Plans the change from the live database at `opts.url` to the schema in `opts.schemaDir`. */
export async function plan(opts: PlanOptions): Promise<Plan> {
  const schema = await loadDesiredSchema(opts.schemaDir, { lazy: true });
  for (const st of opts.stages ?? []) st.prepare?.(schema);
  const c = await connect(opts.url, { purpose: 'plan' });
  try {
    return await planWith(c, schema, opts);
  } finally {
    await c.end().catch(() => undefined);
  }
}
