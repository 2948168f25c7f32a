// The JSON form of a plan (planJson) read back: from `schemaop plan --format json`, or from the
// `plan` input of a stack's Schema resource in `pulumi preview --json`. Lenient where older plans
// lack a field, strict where the report needs one.
import { z } from 'zod';

const Json: z.ZodType<unknown> = z.unknown();

export const PlanJsonStatement = z.looseObject({
  sql: z.string().min(1),
  kind: z.string().default('unknown'),
  objectType: z.string().default(''),
  object: z.string().default(''),
  deletesData: z.boolean().default(false),
  drops: z.boolean().optional(),
  transactional: z.boolean().default(true),
  phase: z.enum(['pre', 'transaction', 'post']).optional(),
  afterBackfills: z.boolean().default(false),
  retry: z.object({ lockTimeoutMs: z.number().int().min(1), retries: z.number().int().min(0) }).nullish(),
  source: z.string().optional(),
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
  data: z.array(z.looseObject({ n: z.number(), exact: z.boolean() })).optional(),
  backfill: z.looseObject({ id: z.string(), text: z.string() }).optional(),
});

export const PlanJsonSchema = z.looseObject({
  hash: z.string(),
  changes: z.boolean().optional(),
  engine: z.string().optional(),
  fastPath: z.boolean().optional(),
  desiredHash: z.string().optional(),
  currentRevision: z.number().nullish(),
  warnings: z.array(z.string()).default([]),
  statements: z.array(PlanJsonStatement).default([]),
  backfills: z.array(z.looseObject({ id: z.string(), file: z.string().default(''), sql: z.string(), description: z.string().default(''), checksum: z.string().optional(), writes: z.array(z.looseObject({ schema: z.string().optional(), table: z.string(), column: z.string() })).default([]) })).default([]),
  stages: z.array(z.looseObject({ stage: z.string(), count: z.number(), lines: z.array(z.string()).default([]), warnings: z.array(z.string()).default([]), changes: Json })).default([]),
  backfillBatchRows: z.number().nullish(),
  findings: z.array(PlanJsonFinding).default([]),
  summary: z.string().optional(),
});
export type PlanJson = z.infer<typeof PlanJsonSchema>;
/** A type without the index signatures of loose objects: what a producer must write, no more. */
type Known<T> = T extends (infer U)[] ? Known<U>[] : T extends object ? { [K in keyof T as string extends K ? never : K]: Known<T[K]> } : T;
/** The plan as it travels (the Schema resource's `plan` input, what the policy pack reads): the contract above. */
export type PlanDocument = Known<z.output<typeof PlanJsonSchema>>;
/** What `planJson` writes (`schemaop plan --format json`): the contract, plus the target. */
export type PlanJsonOutput = PlanDocument & { target: string };
