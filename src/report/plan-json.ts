// The JSON form of a plan (planJson) read back: from `schemaop plan --format json`, or from the
// `plan` input of a stack's Schema resource in `pulumi preview --json`. Lenient where older plans
// lack a field, strict where the report needs one.
import { z } from 'zod';

const Json: z.ZodType<unknown> = z.unknown();

export const PlanJsonStatement = z.looseObject({
  sql: z.string(),
  kind: z.string().default('unknown'),
  objectType: z.string().default(''),
  object: z.string().default(''),
  deletesData: z.boolean().default(false),
  transactional: z.boolean().default(true),
  afterBackfills: z.boolean().default(false),
  lock: z.string().nullish(),
  changes: z.array(z.looseObject({ kind: z.string(), objectType: z.string().default(''), object: z.string().default(''), relation: z.string().nullish() })).default([]),
});

export const PlanJsonFinding = z.looseObject({
  rule: z.string(),
  level: z.enum(['block', 'warn']),
  statement: z.number().int().optional(),
  object: z.string(),
  message: z.string(),
  fix: z.string().optional(),
  allowedBy: z.string().optional(),
});

export const PlanJsonSchema = z.looseObject({
  hash: z.string(),
  changes: z.boolean().optional(),
  engine: z.string().optional(),
  currentRevision: z.number().nullish(),
  warnings: z.array(z.string()).default([]),
  statements: z.array(PlanJsonStatement).default([]),
  backfills: z.array(z.looseObject({ id: z.string(), file: z.string().default(''), sql: z.string(), description: z.string().default(''), writes: z.array(z.looseObject({ schema: z.string().optional(), table: z.string(), column: z.string() })).default([]) })).default([]),
  stages: z.array(z.looseObject({ stage: z.string(), count: z.number(), lines: z.array(z.string()).default([]), warnings: z.array(z.string()).default([]), changes: Json })).default([]),
  findings: z.array(PlanJsonFinding).default([]),
});
export type PlanJson = z.infer<typeof PlanJsonSchema>;
