// The unit of a safety rule, and what a rule sees: the classified statements of a plan, their
// parse trees and (when the live database is at hand) its catalog and data.
import type { ChangeKind, ObjectType } from '../engine/classify';
import type { PlannedBackfill, PlannedStatement } from '../engine/plan';
import type { SuggestedBackfill } from '../engine/extensions';
import type { Count, LiveCatalog } from './live';
import type { ObjectId } from '../pg/identity';

export type Level = 'block' | 'warn' | 'off';
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Default level of a rule in each environment (prod is the strictest). */
export type Levels = Record<Environment, Level>;

/** Destructive or table-locking: blocks in staging and prod, warns in dev. */
export const BLOCKS: Levels = { dev: 'warn', staging: 'block', prod: 'block' };
/** Worth a reviewer's look everywhere, never stops a plan by default. */
export const WARNS: Levels = { dev: 'warn', staging: 'warn', prod: 'warn' };
/** Breaks running clients or integrity in production; a warning before that. */
export const BLOCKS_IN_PROD: Levels = { dev: 'warn', staging: 'warn', prod: 'block' };

export interface RawFinding {
  /** Index in the statement list. */
  statement?: number;
  object: string;
  /** What this change does here (the rule's summary is the general "why"). */
  message: string;
  /** Overrides the rule's safe alternative for this finding. */
  fix?: string;
  /** A milder level than the rule's for this finding (e.g. an object recreated in the same plan). */
  downgrade?: boolean;
  /** The row counts the message states (the data the review relies on). */
  data?: Count[];
  /** A backfill that makes the change succeed, offered as a file to commit (`schemaop plan --write-backfills`). */
  backfill?: SuggestedBackfill;
}

export interface Rule {
  /** Stable id, used in configuration, allowances and directives. */
  id: string;
  /** One line: what the rule catches. */
  summary: string;
  /** Default level per environment. */
  levels: Levels;
  /** The safe way to make this change. */
  safeAlternative: string;
  /** Why it matters (one or two sentences, for the README and `schemaop lint --rules`). */
  doc: string;
  /** Closest rules elsewhere, for the comparison table. */
  seeAlso: { squawk?: string; atlas?: string; pgSchemaDiff?: string };
  /**
   * Planned statements (the form the engine emits) that this rule flags and that it accepts; the
   * statements of one example are one plan. Tables not created in the example exist already.
   */
  examples: { unsafe: string[][]; safe: string[][] };
  check(ctx: RuleContext): Promise<RawFinding[]> | RawFinding[];
}

import type { Node } from '../pg/node';
export type { Node };

export interface StatementChange {
  index: number;
  statement: PlannedStatement;
  kind: ChangeKind;
  object: string;
  objectType: ObjectType;
  /** The object's identity, where the statement names one (as the classification gives it). */
  id?: ObjectId;
  details: Record<string, unknown>;
  /** The ALTER TABLE sub-command, the DROP, the IndexStmt ... node of this change. */
  node: Node;
}

export interface RuleContext {
  statements: PlannedStatement[];
  /** Every change of every statement, in plan order. */
  changes: StatementChange[];
  /** The parse tree (the statement node, e.g. `{ AlterTableStmt: ... }`) of statement `i`. */
  tree(i: number): Node;
  /** Whether a table (or other relation) exists in the live database before the plan runs. */
  existed(relation: string): boolean;
  /** The live database, when the plan is linted next to it (not in the policy pack). */
  live?: LiveCatalog;
  /** The backfills the plan runs. */
  backfills: PlannedBackfill[];
}
