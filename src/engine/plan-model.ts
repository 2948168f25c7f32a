// What a plan is: its statements, backfills, the other stages' changes and the findings of its
// checks. The planner makes it, the extensions (transforms, stages, checks) read and extend it.
import type { Classification } from './classify';
import type { EngineName } from './engines';
import type { RetryOptions } from './retry';
import type { ColumnWrite } from './source';

export interface PlannedStatement extends Classification {
  sql: string;
  /** `migra`, a fixer's name, or `atlas`. */
  source: string;
  /**
   * Runs in the transaction after the backfills: a SET NOT NULL on a column a pending backfill
   * sets (its rows hold NULL until the backfill has run).
   */
  afterBackfills?: true;
  /**
   * A step after the transaction that takes a strong lock: apply runs it in its own transaction
   * under this lock_timeout and tries again when the lock is not available (see retry.ts).
   */
  retry?: RetryOptions;
}

export interface PlannedBackfill {
  id: string;
  file: string;
  sql: string;
  description: string;
  checksum: string;
  /** The columns it sets. */
  writes: ColumnWrite[];
}

export interface Plan {
  statements: PlannedStatement[];
  backfills: PlannedBackfill[];
  /** Identity of the desired state (schema files and backfills). */
  desiredHash: string;
  /** Identity of this plan: its statements, backfills, stages and the data its findings state. Pass it to apply as --plan-hash. */
  hash: string;
  engine: EngineName;
  /** True when the live catalog and the desired files were unchanged since the last revision. */
  fastPath: boolean;
  /** Fingerprint of the live catalog when planned. */
  liveFingerprint: string;
  currentRevision?: number;
  warnings: string[];
  /** Changes of the other reconciled states (seed rows, grants), in stage order. */
  stages: StageChanges[];
  /** Findings of the plan checks (lint). */
  findings: Finding[];
  /** Set when the backfills run after the transaction, in batches of this many rows (online-safe). */
  backfillBatchRows?: number;
  /** With `compareCatalogs`, when nothing is planned: what still differs from the desired catalog. */
  catalogDifferences?: string[];
}

/** What a stage would change: shown in the plan, hashed into it, applied in its transaction. */
export interface StageChanges {
  stage: string;
  /** Number of changes; 0 means the stage is in its desired state. */
  count: number;
  /** One line per change, for the text report. */
  lines: string[];
  /** Stable identity of these changes (part of the plan hash). */
  hash: string;
  /** JSON-serialisable details, for --format json and for apply. */
  data: unknown;
  warnings?: string[];
}

export type FindingLevel = 'block' | 'warn';

export interface Finding {
  rule: string;
  level: FindingLevel;
  /** Index of the statement in plan.statements, when the finding is about one. */
  statement?: number;
  object: string;
  message: string;
  /** The safe alternative. */
  fix?: string;
  /** Set when a reviewed allowance lets a blocking finding pass. */
  allowedBy?: string;
  /** The row counts the message states: part of the plan's hash (see planHash). */
  data?: { n: number; exact: boolean }[];
  /** A backfill that makes the change succeed, offered as a file to commit (`schemaop plan --write-backfills`). */
  backfill?: SuggestedBackfill;
}

/** A declared backfill the plan offers: its id and the file's text. */
export interface SuggestedBackfill {
  id: string;
  text: string;
}
