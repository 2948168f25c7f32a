// What a reviewer reads, whatever it came from (`schemaop plan`, `lint`, `drift`, or a stack's
// `pulumi preview --json`): one model, rendered by render.ts.
import type { Json } from '../../seeds/load';
import type { LockMode } from './locks';

export type Outcome = 'blocked' | 'changes' | 'no changes';

export interface ReviewStatement {
  sql: string;
  kind: string;
  object: string;
  deletesData: boolean;
  transactional: boolean;
  /** Runs in the transaction after the backfills (a SET NOT NULL on a column a backfill fills). */
  afterBackfills?: boolean;
  /** Strongest lock on a table that existed before the plan. */
  lock?: LockMode;
  /** Relations the statement touches, and the columns per relation (`added`, `dropped`, `changed`). */
  touches: { relation: string; column?: string; change: string }[];
}

export interface ReviewSeedChange {
  table: string;
  /** `name=binance` */
  key: string;
  action: 'insert' | 'update' | 'delete' | 'refused';
  /** insert: the values; update: old → new; delete: none. */
  fields: { field: string; from?: Json; to?: Json }[];
  note?: string;
}

export interface ReviewGrantChange {
  action:
    | 'grant' | 'revoke' | 'create role' | 'alter role' | 'role setting' | 'comment' | 'owner' | 'member of' | 'not member of'
    | 'default grant' | 'default revoke' | 'database grant' | 'database revoke';
  role: string;
  /** `public.users`, `public.users(api_key)`, `schema public`, `default privileges on tables`. */
  object: string;
  privileges: string[];
  sql?: string;
}

export interface ReviewFinding {
  rule: string;
  level: 'block' | 'warn';
  object: string;
  /** Carries the data-aware counts (values lost, rows that would fail). */
  message: string;
  fix?: string;
  allowedBy?: string;
  /** 1-based statement number. */
  statement?: number;
}

export interface ReviewPolicyViolation {
  policy: string;
  level: 'mandatory' | 'advisory' | 'disabled' | 'remediate';
  resource?: string;
  message: string;
}

export interface ReviewResource {
  op: string;
  type: string;
  name: string;
  diff: string[];
}

export interface Review {
  /** `plan`, `lint`, `drift` or `preview`. */
  kind: 'plan' | 'lint' | 'drift' | 'preview';
  title: string;
  /** Short facts under the title (engine, revision, environment...). */
  facts: string[];
  outcome: Outcome;
  hash?: string;
  /** False when the plan is not known (the database was not reachable at preview). */
  planKnown: boolean;
  statements: ReviewStatement[];
  backfills: { id: string; file: string; sql: string; description: string }[];
  seeds: ReviewSeedChange[];
  grants: ReviewGrantChange[];
  findings: ReviewFinding[];
  policy: ReviewPolicyViolation[];
  diagnostics: { severity: string; message: string; resource?: string }[];
  resources: ReviewResource[];
  warnings: string[];
  /** Mermaid erDiagram source. */
  er?: string;
  /** Where the full, untruncated report is (a workflow artefact, a file). */
  fullReport?: string;
  /** The stack (or target) that identifies the comment, for the hidden marker. */
  marker?: string;
}

export const emptyReview = (kind: Review['kind'], title: string): Review => ({
  kind,
  title,
  facts: [],
  outcome: 'no changes',
  planKnown: true,
  statements: [],
  backfills: [],
  seeds: [],
  grants: [],
  findings: [],
  policy: [],
  diagnostics: [],
  resources: [],
  warnings: [],
});

export const blockingOf = (r: Pick<Review, 'findings' | 'policy'>) => [
  ...r.findings.filter((f) => f.level === 'block' && !f.allowedBy),
  ...r.policy.filter((p) => p.level === 'mandatory'),
];

/** blocked when a finding blocks or a mandatory policy fires; else changes when anything changes. */
export function outcomeOf(r: Review): Outcome {
  if (blockingOf(r).length) return 'blocked';
  const any = r.statements.length + r.backfills.length + r.seeds.length + r.grants.length + r.resources.filter((x) => x.op !== 'same').length;
  return any ? 'changes' : 'no changes';
}
