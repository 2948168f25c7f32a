// Safety configuration: levels per environment, reviewed allowances, online-safe plans. One zod
// schema for the `lint:` section of schemaop.yaml, reused by the Pulumi stack configuration.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_BATCH_ROWS } from '../engine/backfill-batches';
import { ExcludeSchema } from '../engine/exclude';
import { SchemaopError } from '../errors';
import { TypesConfigSchema, type TypesOutput } from '../types/config';
import { RULE_IDS, RULES, ruleById } from './registry';
import { ENVIRONMENTS, type Environment, type Level } from './types';
import { EXIT } from '../exit-codes';

export const LevelSchema = z.enum(['block', 'warn', 'off']);
export const EnvironmentSchema = z.enum(ENVIRONMENTS);

/** A reviewed allowance: the rule (or `*`), the object (glob: `*` matches any text), and why. */
export const AllowanceSchema = z.strictObject({
  rule: z.string().min(1).refine((r) => r === '*' || RULE_IDS.includes(r), { message: `unknown rule; known rules: ${RULE_IDS.join(', ')}` }),
  object: z.string().min(1),
  reason: z.string().trim().min(3, 'an allowance needs a reason'),
});
export type Allowance = z.infer<typeof AllowanceSchema>;

const perEnv = <T extends z.ZodType>(t: T) => z.union([t, z.partialRecord(EnvironmentSchema, t)]);

export const LintConfigSchema = z.strictObject({
  /** Environment whose levels apply (default: prod, or dev against the embedded database). */
  env: EnvironmentSchema.optional(),
  /** Level of a rule, for every environment or per environment. */
  rules: z
    .record(z.string(), perEnv(LevelSchema))
    .refine((r) => Object.keys(r).every((k) => RULE_IDS.includes(k)), { message: `unknown rule; known rules: ${RULE_IDS.join(', ')}` })
    .optional(),
  allow: z.array(AllowanceSchema).optional(),
  /** Online-safe plans (default: on in staging and prod, off in dev). */
  online: perEnv(z.boolean()).optional(),
  /** lock_timeout of each online-safe step that takes a strong lock (e.g. `2s`), and its retries. */
  lockTimeout: z.string().regex(/^\d+(ms|s)$/, 'a duration like 500ms or 2s').optional(),
  retries: z.number().int().min(0).max(20).optional(),
  /** Rows per batch of an online-safe plan's backfill (default 10,000). */
  backfillBatchRows: perEnv(z.number().int().min(1).max(10_000_000)).optional(),
  /** Tables with more (estimated) rows are not scanned for data-aware findings. */
  rowThreshold: z.number().int().positive().optional(),
});
export type LintConfig = z.infer<typeof LintConfigSchema>;

/** schemaop.yaml: other sections belong to other parts of the project. */
export const ProjectFileSchema = z.looseObject({
  lint: LintConfigSchema.optional(),
  /** Objects the plan leaves alone (src/engine/exclude.ts). */
  exclude: ExcludeSchema.optional(),
  /** Application types generated from the desired schema (src/types/). */
  types: TypesConfigSchema.optional(),
});

export const PROJECT_FILE = 'schemaop.yaml';

export interface SourcedAllowance extends Allowance {
  /** Where it was declared: `schemaop.yaml`, `--allow`, `schema/10_users.sql:12`. */
  source: string;
}

/** Configuration resolved for one run. */
export interface ResolvedLint {
  env: Environment;
  levels: Record<string, Level>;
  allow: SourcedAllowance[];
  online: boolean;
  /**
   * Set when backfills run after the apply transaction, in batches of this many rows (online-safe
   * plans); unset, they run in the transaction. The one place that decides, for every caller.
   */
  backfillBatchRows?: number;
  lockTimeoutMs: number;
  retries: number;
  rowThreshold?: number;
}

export class ConfigError extends SchemaopError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/** Reads the `lint:` section of schemaop.yaml in `dir` (absent file: empty configuration). */
export async function loadProjectLintConfig(dir = process.cwd()): Promise<LintConfig> {
  return (await loadProjectFile(dir)).lint ?? {};
}

/** The `exclude:` object patterns of schemaop.yaml in `dir`. */
export async function loadProjectExclude(dir = process.cwd()): Promise<string[]> {
  return (await loadProjectFile(dir)).exclude ?? [];
}

/** The `types:` outputs of schemaop.yaml in `dir`. */
export async function loadProjectTypes(dir = process.cwd()): Promise<TypesOutput[]> {
  return (await loadProjectFile(dir)).types ?? [];
}

async function loadProjectFile(dir: string): Promise<z.infer<typeof ProjectFileSchema>> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, PROJECT_FILE), 'utf8');
  } catch {
    return {};
  }
  const r = ProjectFileSchema.safeParse(parseYaml(text) ?? {});
  if (!r.success) throw new ConfigError(`${PROJECT_FILE}: ${issues(r.error)}`);
  return r.data;
}

/** `--allow 'RULE:OBJECT:reason'` (the reason may contain colons). */
export function parseAllowFlag(v: string): Allowance {
  const [rule, object, ...rest] = v.split(':');
  const r = AllowanceSchema.safeParse({ rule, object, reason: rest.join(':') });
  if (!r.success) throw new ConfigError(`--allow ${v}: expected RULE:OBJECT-PATTERN:reason (${issues(r.error)})`);
  return r.data;
}

/** `--rule ID=LEVEL`. */
export function parseRuleFlag(v: string): [string, Level] {
  const [id, level] = v.split('=');
  if (!ruleById(id)) throw new ConfigError(`--rule ${v}: unknown rule ${id}; known rules: ${RULE_IDS.join(', ')}`);
  const l = LevelSchema.safeParse(level);
  if (!l.success) throw new ConfigError(`--rule ${v}: the level must be block, warn or off`);
  return [id, l.data];
}

export interface LintFlags {
  env?: string;
  rule?: string[];
  allow?: string[];
  online?: string;
}

const pick = <T>(v: T | Partial<Record<Environment, T>> | undefined, env: Environment): T | undefined =>
  v !== null && typeof v === 'object' ? (v as Partial<Record<Environment, T>>)[env] : (v as T | undefined);

/**
 * Resolves the configuration: command-line flags over the configuration (schemaop.yaml or the
 * stack's) over each rule's defaults. `defaultEnv` applies when neither names an environment.
 */
export function resolveLint(config: LintConfig, flags: LintFlags = {}, defaultEnv: Environment = 'prod'): ResolvedLint {
  const parsed = LintConfigSchema.safeParse(config);
  if (!parsed.success) throw new ConfigError(`lint configuration: ${issues(parsed.error)}`);
  const cfg = parsed.data;
  let env: Environment = cfg.env ?? defaultEnv;
  if (flags.env !== undefined) {
    const e = EnvironmentSchema.safeParse(flags.env);
    if (!e.success) throw new ConfigError(`--env must be one of ${ENVIRONMENTS.join(', ')}, got ${flags.env}`);
    env = e.data;
  }
  const levels: Record<string, Level> = {};
  for (const r of RULES) levels[r.id] = pick(cfg.rules?.[r.id], env) ?? r.levels[env];
  for (const f of flags.rule ?? []) {
    const [id, level] = parseRuleFlag(f);
    levels[id] = level;
  }
  const allow: SourcedAllowance[] = [
    ...(cfg.allow ?? []).map((a) => ({ ...a, source: PROJECT_FILE })),
    ...(flags.allow ?? []).map((a) => ({ ...parseAllowFlag(a), source: '--allow' })),
  ];
  let online = pick(cfg.online, env) ?? env !== 'dev';
  if (flags.online !== undefined) {
    if (flags.online !== 'on' && flags.online !== 'off') throw new ConfigError(`--online must be on or off, got ${flags.online}`);
    online = flags.online === 'on';
  }
  const lt = cfg.lockTimeout ? /^(\d+)(ms|s)$/.exec(cfg.lockTimeout)! : undefined;
  return {
    env,
    levels,
    allow,
    online,
    // Online, a backfill must not hold the lock an ADD COLUMN took for the whole of its UPDATE.
    ...(online ? { backfillBatchRows: pick(cfg.backfillBatchRows, env) ?? DEFAULT_BATCH_ROWS } : {}),
    lockTimeoutMs: lt ? Number(lt[1]) * (lt[2] === 's' ? 1000 : 1) : 2_000,
    retries: cfg.retries ?? 5,
    rowThreshold: cfg.rowThreshold,
  };
}
