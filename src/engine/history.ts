// The revision history, kept in the target database's own `schemaop` schema: the declarative
// answer to Alembic's `history` and `current`.
import * as os from 'node:os';
import type { Client } from '../db/connect';

export const META_SCHEMA = 'schemaop';

export interface Revision {
  id: number;
  kind: 'apply' | 'baseline';
  outcome: 'applied' | 'failed' | 'baseline' | 'partial';
  desiredHash: string;
  planHash: string;
  catalogFingerprint: string | null;
  statements: string[];
  backfills: { id: string; rows: number }[];
  engine: string;
  appliedBy: string;
  dbUser: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  /**
   * A fresh full re-plan right after the apply was empty (true), was not (false: "not converged",
   * see error), or was not made (null: older revisions). The fast path starts only from true.
   */
  verified: boolean | null;
}

const DDL = `
CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA};
CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.revisions (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('apply', 'baseline')),
  outcome text NOT NULL CHECK (outcome IN ('applied', 'failed', 'baseline', 'partial')),
  desired_hash text NOT NULL,
  plan_hash text NOT NULL,
  catalog_fingerprint text,
  statements jsonb NOT NULL DEFAULT '[]',
  backfills jsonb NOT NULL DEFAULT '[]',
  engine text NOT NULL,
  applied_by text NOT NULL,
  db_user text NOT NULL DEFAULT current_user,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  duration_ms integer,
  error text
);
CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.backfills (
  id text PRIMARY KEY,
  checksum text NOT NULL,
  revision_id bigint NOT NULL REFERENCES ${META_SCHEMA}.revisions(id),
  ran_at timestamptz NOT NULL DEFAULT now(),
  rows bigint NOT NULL
);
ALTER TABLE ${META_SCHEMA}.revisions ADD COLUMN IF NOT EXISTS verified boolean;
ALTER TABLE ${META_SCHEMA}.revisions ADD COLUMN IF NOT EXISTS adopted_from jsonb;
COMMENT ON SCHEMA ${META_SCHEMA} IS 'schemaop bookkeeping: revisions applied to this database and backfills run';
`;

export async function ensureMetaSchema(c: Client): Promise<void> {
  await c.query(DDL);
}

async function metaExists(c: Client): Promise<boolean> {
  const r = await c.query(`SELECT to_regclass('${META_SCHEMA}.revisions') IS NOT NULL AS ok`);
  return r.rows[0].ok as boolean;
}

/** Who applies: SCHEMAOP_ACTOR (set it in CI, e.g. to the pipeline and commit), else user@host. */
export function actor(): string {
  return process.env.SCHEMAOP_ACTOR || `${os.userInfo().username}@${os.hostname()}`;
}

function toRevision(r: Record<string, unknown>): Revision {
  return {
    id: Number(r.id),
    kind: r.kind as Revision['kind'],
    outcome: r.outcome as Revision['outcome'],
    desiredHash: r.desired_hash as string,
    planHash: r.plan_hash as string,
    catalogFingerprint: r.catalog_fingerprint as string | null,
    statements: r.statements as string[],
    backfills: r.backfills as Revision['backfills'],
    engine: r.engine as string,
    appliedBy: r.applied_by as string,
    dbUser: r.db_user as string,
    startedAt: new Date(r.started_at as string).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at as string).toISOString() : null,
    durationMs: r.duration_ms as number | null,
    error: r.error as string | null,
    verified: (r.verified ?? null) as boolean | null,
  };
}

/** Revisions, newest first. */
export async function listRevisions(c: Client, limit = 50): Promise<Revision[]> {
  if (!(await metaExists(c))) return [];
  const r = await c.query(`SELECT * FROM ${META_SCHEMA}.revisions ORDER BY id DESC LIMIT $1`, [limit]);
  return r.rows.map(toRevision);
}

/** The revision the database is at: the newest one that was applied or baselined. */
export async function currentRevision(c: Client): Promise<Revision | undefined> {
  if (!(await metaExists(c))) return undefined;
  const r = await c.query(
    `SELECT * FROM ${META_SCHEMA}.revisions WHERE outcome IN ('applied', 'baseline', 'partial') ORDER BY id DESC LIMIT 1`,
  );
  return r.rows[0] ? toRevision(r.rows[0]) : undefined;
}

/** Backfills already run in this database, by id. */
export async function backfillsRun(c: Client): Promise<Map<string, { checksum: string; revisionId: number }>> {
  if (!(await metaExists(c))) return new Map();
  const r = await c.query(`SELECT id, checksum, revision_id FROM ${META_SCHEMA}.backfills`);
  return new Map(r.rows.map((x) => [x.id as string, { checksum: x.checksum as string, revisionId: Number(x.revision_id) }]));
}

export interface RevisionInsert {
  kind: Revision['kind'];
  outcome: Revision['outcome'];
  desiredHash: string;
  planHash: string;
  catalogFingerprint: string | null;
  statements: string[];
  backfills: { id: string; rows: number }[];
  engine: string;
  startedAt: Date;
  error?: string;
  verified?: boolean;
  /** What another migration tool recorded in the database when it was adopted (baseline). */
  adoptedFrom?: Record<string, unknown>;
}

export async function insertRevision(c: Client, r: RevisionInsert): Promise<number> {
  const res = await c.query(
    `INSERT INTO ${META_SCHEMA}.revisions
       (kind, outcome, desired_hash, plan_hash, catalog_fingerprint, statements, backfills, engine, applied_by,
        started_at, finished_at, duration_ms, error, verified, adopted_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, clock_timestamp(),
             (extract(epoch FROM clock_timestamp() - $10::timestamptz) * 1000)::int, $11, $12, $13)
     RETURNING id`,
    [
      r.kind,
      r.outcome,
      r.desiredHash,
      r.planHash,
      r.catalogFingerprint,
      JSON.stringify(r.statements),
      JSON.stringify(r.backfills),
      r.engine,
      actor(),
      r.startedAt.toISOString(),
      r.error ?? null,
      r.verified ?? null,
      r.adoptedFrom ? JSON.stringify(r.adoptedFrom) : null,
    ],
  );
  return Number(res.rows[0].id);
}

export async function recordBackfill(c: Client, id: string, checksum: string, revisionId: number, rows: number): Promise<void> {
  await c.query(`INSERT INTO ${META_SCHEMA}.backfills (id, checksum, revision_id, rows) VALUES ($1, $2, $3, $4)`, [id, checksum, revisionId, rows]);
}

/** Records the outcome of the re-plan made right after an apply. */
export async function recordVerification(c: Client, id: number, remaining: string[]): Promise<void> {
  const error = remaining.length ? `not converged: a fresh full re-plan still has ${remaining.length} statement(s):\n${remaining.join(';\n')}` : null;
  await c.query(`UPDATE ${META_SCHEMA}.revisions SET verified = $2, error = coalesce($3, error) WHERE id = $1`, [id, remaining.length === 0, error]);
}

/** What `status` and `drift` say of a revision left `partial`. */
export const PARTIAL_NOTE =
  'live schema: the revision is partial (its transaction committed, a statement after it such as CREATE INDEX CONCURRENTLY did not finish or was not recorded): `schemaop plan` shows what remains; `schemaop apply` finishes it and records it complete';

/**
 * A revision left `partial` (or unverified) whose changes are all in the database (a killed
 * CREATE INDEX CONCURRENTLY the server completed) is resolved once a full re-plan is empty.
 */
export async function resolveRevision(c: Client, id: number, fingerprint: string): Promise<void> {
  await c.query(
    `UPDATE ${META_SCHEMA}.revisions SET outcome = CASE WHEN outcome = 'partial' THEN 'applied' ELSE outcome END, verified = true,
            catalog_fingerprint = $2, finished_at = coalesce(finished_at, clock_timestamp()) WHERE id = $1`,
    [id, fingerprint],
  );
}
