// Extension points of the plan/apply flow, so that safety rules, seed rows and grants plug into
// the one plan and the one transaction without the core knowing them.
import type { Client } from '../db/connect';
import type { Finding, Plan, PlannedStatement, StageChanges } from './plan-model';
import type { Backfill, DesiredSchema } from './source';

export interface TransformContext {
  /** Connection to the live database (read-only use). */
  target: Client;
  targetUrl: string;
  /** The dev database holding the desired schema; it exists only while transforms run. */
  devUrl: string;
  schema: DesiredSchema;
  /** The backfills this plan runs (not run yet in the target). */
  backfills: Backfill[];
  /** Schemas the plan ignores (the bookkeeping schema and the caller's). */
  excludeSchemas: string[];
}

/**
 * Rewrites the classified statements of a plan (online-safe steps). A transform never plans again:
 * what the plan depends on (exclusions, renames) is the engine's request (engines.ts).
 */
export interface PlanTransform {
  name: string;
  run(statements: PlannedStatement[], ctx: TransformContext): Promise<PlannedStatement[]>;
}

export type { StageChanges } from './plan-model';

export interface StageContext {
  schema: DesiredSchema;
  statements: PlannedStatement[];
  /** Object patterns the plan leaves alone (schemaop.yaml's `exclude:`, `--exclude`). */
  exclude?: string[];
}

/** Another kind of desired state (seed rows, grants) reconciled by the same plan and apply. */
export interface Stage {
  name: string;
  /**
   * Reads the stage's own files before the target is queried, so that this work overlaps the
   * connection and the catalog queries; plan awaits what it started.
   */
  prepare?(schema: DesiredSchema): void;
  /**
   * Read-only: what must change. Planned on every run, also when the schema takes the fast path.
   * Objects matching `exclude` (the plan's exclusions, exclude.ts) are left alone by the stage too.
   */
  plan(target: Client, ctx: StageContext): Promise<StageChanges>;
  /** Runs inside the apply transaction, after the schema statements and backfills. */
  apply(target: Client, changes: StageChanges): Promise<void>;
}

/**
 * What a stage's prepare started for a schema, taken by the plan that follows (a later plan starts
 * again). A failure is left to surface where it is taken.
 */
export function preparedWork<T>() {
  const started = new WeakMap<DesiredSchema, Promise<T>>();
  return {
    start(schema: DesiredSchema, work: Promise<T>): void {
      work.catch(() => undefined);
      started.set(schema, work);
    },
    take(schema: DesiredSchema): Promise<T> | undefined {
      const work = started.get(schema);
      started.delete(schema);
      return work;
    },
  };
}

export type { Finding, FindingLevel, SuggestedBackfill } from './plan-model';

/** Reads a finished plan (lint): blocking findings stop apply. */
export interface PlanCheck {
  name: string;
  run(plan: Plan, target: Client, ctx: { schema: DesiredSchema }): Promise<Finding[]>;
}

export interface Extensions {
  /**
   * Objects the plan leaves alone (`public.alembic_version`, `legacy.*`, see exclude.ts): never
   * created, altered or dropped, and not part of the catalog fingerprint.
   */
  exclude?: string[];
  transforms?: PlanTransform[];
  stages?: Stage[];
  checks?: PlanCheck[];
  /**
   * Online-safe plans: backfills run after the transaction (whose strong locks are then released),
   * a single `UPDATE ... WHERE` in batches of this many rows, anything else whole, each batch its
   * own transaction. Unset: backfills run in the apply transaction (all or nothing).
   */
  backfillBatchRows?: number;
}
