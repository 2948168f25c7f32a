// What the policy pack reads from a schemaop `Schema` resource: its inputs carry the stack's safety
// settings and the plan that preview computed (the plan JSON contract of src/report/plan-json.ts).
import { z } from 'zod';
import { EnvironmentSchema, LintConfigSchema } from '../src/lint/config';
import { PlanJsonSchema } from '../src/report/plan-json';

/** Pulumi composes a dynamic resource's type from its module and name. */
export const SCHEMA_TYPES = ['pulumi-nodejs:dynamic/schemaop:Schema', 'schemaop:index:Schema'];

/** The plan JSON contract (src/report/plan-json.ts); the pack checks statements and findings, not the hash. */
export const PlanInput = PlanJsonSchema.extend({ hash: z.string().optional(), statements: PlanJsonSchema.shape.statements.unwrap() });

export const SchemaResourceInput = z.looseObject({
  environment: EnvironmentSchema.optional(),
  lint: LintConfigSchema.optional(),
  /** Absent or null when the database was unreachable at preview: the plan is then unknown. */
  plan: PlanInput.nullish(),
  /** Why the program could not compute the plan (unreachable database, authentication failed). */
  planError: z.string().nullish(),
});
export type SchemaResourceInput = z.infer<typeof SchemaResourceInput>;
