// `status` and `baseline`: where a database stands against its revision history and schema/.
import { Client, connect } from '../db/connect';
import { catalogFingerprint } from './fingerprint';
import { Revision, currentRevision, ensureMetaSchema, insertRevision, recordBackfill } from './history';
import { excludedSchemas, Plan, PlanOptions, planWith } from './plan';
import { loadDesiredSchema } from './source';
import { dottedKeySql } from '../pg/identity';

export interface Status {
  revision?: Revision;
  /** The live catalog is exactly as the current revision left it. */
  liveMatchesRevision: boolean;
  /** schema/ is the one the current revision applied. */
  filesMatchRevision: boolean;
  /** The revision committed its transaction but not all the statements after it (killed, or failed). */
  partial: boolean;
}

export async function status(opts: { url: string; schemaDir: string; excludeSchemas?: string[]; exclude?: string[] }): Promise<Status> {
  const schema = await loadDesiredSchema(opts.schemaDir, { lazy: true });
  const c = await connect(opts.url, { purpose: 'status' });
  try {
    const revision = await currentRevision(c);
    const live = await catalogFingerprint(c, excludedSchemas(opts.excludeSchemas), opts.exclude);
    return {
      revision,
      liveMatchesRevision: !!revision && revision.catalogFingerprint === live,
      filesMatchRevision: !!revision && revision.desiredHash === schema.hash,
      partial: revision?.outcome === 'partial',
    };
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A database Alembic managed: its `alembic_version` table and the head it records. */
export interface AlembicFound {
  table: string;
  heads: string[];
}

/** The Alembic bookkeeping table (`alembic_version` with `version_num`) and its heads, if any. */
export async function findAlembic(c: Client): Promise<AlembicFound | undefined> {
  const r = await c.query(`SELECT format('%I.%I', n.nspname, t.relname) AS q, ${dottedKeySql('n.nspname', 't.relname')} AS name
    FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_attribute a ON a.attrelid = t.oid
   WHERE t.relname = 'alembic_version' AND t.relkind IN ('r', 'p') AND a.attname = 'version_num' AND NOT a.attisdropped
   ORDER BY n.nspname = 'public' DESC, n.nspname LIMIT 1`);
  if (!r.rows.length) return undefined;
  const { q, name } = r.rows[0] as { q: string; name: string };
  const heads = (await c.query(`SELECT version_num::text AS v FROM ${q} ORDER BY 1`)).rows.map((x) => (x as { v: string }).v);
  return { table: name, heads };
}

export interface BaselineResult {
  /** Set when the database was managed by Alembic: its table is then excluded from the plan. */
  alembic?: AlembicFound;
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
    const alembic = await findAlembic(c);
    const exclude = [...(opts.exclude ?? []), ...(alembic ? [alembic.table] : [])];
    const plan = await planWith(c, schema, { ...opts, exclude, full: true });
    const exact = plan.statements.length === 0;
    await c.query('BEGIN');
    await ensureMetaSchema(c);
    const fp = await catalogFingerprint(c, excludedSchemas(opts.excludeSchemas), exclude);
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
      adoptedFrom: alembic ? { tool: 'alembic', table: alembic.table, heads: alembic.heads } : undefined,
    });
    for (const b of plan.backfills) await recordBackfill(c, b.id, b.checksum, revision, 0);
    await c.query('COMMIT');
    return { revision, plan, alembic };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end().catch(() => undefined);
  }
}
