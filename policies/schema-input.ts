// What the policy pack reads from a schemaop `Schema` resource: its inputs carry the stack's safety
// settings and the plan that preview computed (report/plan's JSON: `planJson` without `target`).
import { z } from 'zod';
import { EnvironmentSchema, LintConfigSchema } from '../src/lint/config';

/** Pulumi composes a dynamic resource's type from its module and name. */
export const SCHEMA_TYPES = ['pulumi-nodejs:dynamic/schemaop:Schema', 'schemaop:index:Schema'];

export const PlannedStatementInput = z.looseObject({ sql: z.string().min(1), kind: z.string().optional(), object: z.string().optional() });

export const FindingInput = z.looseObject({
  rule: z.string(),
  level: z.enum(['block', 'warn']),
  statement: z.number().int().optional(),
  object: z.string(),
  message: z.string(),
  fix: z.string().optional(),
  allowedBy: z.string().optional(),
});

export const PlanInput = z.looseObject({
  hash: z.string().optional(),
  statements: z.array(PlannedStatementInput),
  findings: z.array(FindingInput).default([]),
});

export const SchemaResourceInput = z.looseObject({
  environment: EnvironmentSchema.optional(),
  lint: LintConfigSchema.optional(),
  /** Absent or null when the database was unreachable at preview: the plan is then unknown. */
  plan: PlanInput.nullish(),
  /** Why the program could not compute the plan (unreachable database, authentication failed). */
  planError: z.string().nullish(),
});
export type SchemaResourceInput = z.infer<typeof SchemaResourceInput>;
