// `status` and `baseline`: where a database stands against its revision history and schema/.
import { connect } from '../db/connect';
import { catalogFingerprint } from './fingerprint';
import { Revision, currentRevision, ensureMetaSchema, insertRevision, recordBackfill } from './history';
import { excludedSchemas, Plan, PlanOptions, planWith } from './plan';
import { loadDesiredSchema } from './source';

export interface Status {
  revision?: Revision;
  /** The live catalog is exactly as the current revision left it. */
  liveMatchesRevision: boolean;
  /** schema/ is the one the current revision applied. */
  filesMatchRevision: boolean;
}

export async function status(opts: { url: string; schemaDir: string; excludeSchemas?: string[] }): Promise<Status> {
  const schema = await loadDesiredSchema(opts.schemaDir, { lazy: true });
  const c = await connect(opts.url, { purpose: 'status' });
  try {
    const revision = await currentRevision(c);
    const live = await catalogFingerprint(c, excludedSchemas(opts.excludeSchemas));
    return {
      revision,
      liveMatchesRevision: !!revision && revision.catalogFingerprint === live,
      filesMatchRevision: !!revision && revision.desiredHash === schema.hash,
    };
  } finally {
    await c.end().catch(() => undefined);
  }
}

export interface BaselineResult {
  revision: number;
  /** What schema/ would still change in the database: empty when it describes it exactly. */
  plan: Plan;
}

/**
 * Records the database as it is (for example one managed until now by Alembic) as the current
 * revision, without changing its schema. Declared backfills are taken as done. When schema/ does
 * not describe the database exactly, the revision does not claim it does: the next plan shows
 * the difference.
 */
export async function baseline(opts: PlanOptions): Promise<BaselineResult> {
  const schema = await loadDesiredSchema(opts.schemaDir);
  const c = await connect(opts.url, { purpose: 'baseline' });
  try {
    const plan = await planWith(c, schema, { ...opts, full: true });
    const exact = plan.statements.length === 0;
    await c.query('BEGIN');
    await ensureMetaSchema(c);
    const fp = await catalogFingerprint(c, excludedSchemas(opts.excludeSchemas));
    const revision = await insertRevision(c, {
      kind: 'baseline',
      outcome: 'baseline',
      desiredHash: exact ? schema.hash : `baseline-differs:${schema.hash}`,
      planHash: plan.hash,
      catalogFingerprint: fp,
      statements: [],
      backfills: plan.backfills.map((b) => ({ id: b.id, rows: 0 })),
      engine: plan.engine,
      startedAt: new Date(),
      verified: exact,
    });
    for (const b of plan.backfills) await recordBackfill(c, b.id, b.checksum, revision, 0);
    await c.query('COMMIT');
    return { revision, plan };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end().catch(() => undefined);
  }
}
