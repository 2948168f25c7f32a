// Stack configuration (Pulumi.<stack>.yaml), validated with zod when the program starts. A wrong,
// missing or unknown key fails with a message naming the key and the stack, before any resource
// is declared. `parseStackConfig` is pure (no Pulumi) so that it is tested on the stack files.
import { z } from 'zod';
import { parseConnection, type ConnectionParams } from '../db/url';
import { ExcludeSchema } from '../engine/exclude';
import { LintConfigSchema } from '../lint/config';

export const NAMESPACE = 'schemaop';

const duration = z
  .string()
  .regex(/^\d+(ms|s|min|m|h)?$/, 'expected a duration such as 500ms, 10s, 5min, 1h or 0');

/** Milliseconds of a duration string (`10s`, `500ms`, `5min`, `1h`, `0`). */
export function durationMs(d: string): number {
  const m = /^(\d+)(ms|s|min|m|h)?$/.exec(d);
  if (!m) throw new Error(`invalid duration: ${d}`);
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  return n * ({ ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 } as Record<string, number>)[unit]!;
}

const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case PostgreSQL identifier');

const database = z.strictObject({
  /** The application database on the server. */
  name: identifier.default('app'),
  schemaDir: z.string().min(1).default('schema'),
  seedsDir: z.string().min(1).default('seeds'),
  accessDir: z.string().min(1).default('access'),
  /** `auto` is the built-in engine; `atlas` runs Atlas completed by the built-in engine (docs/engines.md). */
  engine: z.enum(['auto', 'builtin', 'atlas']).default('builtin'),
  lockTimeout: duration.default('10s'),
  statementTimeout: duration.default('0'),
  /** Deleting the Schema resource drops the managed schemas (and their data) only when true. */
  dropOnDelete: z.boolean().default(false),
});

const seeds = z.strictObject({
  /** Tables with more rows than this are one grouped resource with a row-level diff. */
  groupAbove: z.number().int().min(0).default(25),
});

const local = z.strictObject({
  /** Folder of the stack's embedded PostgreSQL (git-ignored). */
  dir: z.string().min(1).default('.schemaop/pulumi-dev'),
  /** Pins the server's port; when absent the folder keeps one, chosen once (see src/infra/dev.ts). */
  port: z.number().int().min(1024).max(65535).optional(),
});

const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'expected an IPv4 CIDR such as 10.0.0.0/16');

const network = z
  .strictObject({
    vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, 'expected a VPC id (vpc-...)'),
    subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, 'expected a subnet id (subnet-...)')).min(2, 'RDS needs subnets in at least two availability zones'),
    allowedCidrs: z.array(cidr).default([]),
    allowedSecurityGroupIds: z.array(z.string().regex(/^sg-[0-9a-f]+$/, 'expected a security group id (sg-...)')).default([]),
    /** Host and port the program reaches the instance through (a tunnel), when not its endpoint. */
    connectHost: z.string().min(1).optional(),
    connectPort: z.number().int().min(1).max(65535).optional(),
  })
  .refine((n) => n.allowedCidrs.length + n.allowedSecurityGroupIds.length > 0, {
    message: 'no client can reach the database: give allowedCidrs or allowedSecurityGroupIds',
    path: ['allowedSecurityGroupIds'],
  })
  .refine((n) => !n.allowedCidrs.some((c) => c.endsWith('/0')), { message: 'the database must not be open to the internet (/0)', path: ['allowedCidrs'] });

const rds = z.strictObject({
  instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'expected an instance class such as db.t4g.medium'),
  // Major only: RDS upgrades minor versions itself (autoMinorVersionUpgrade), and a pinned minor
  // would diff after every such upgrade.
  engineVersion: z.string().regex(/^\d{2}$/, 'expected a PostgreSQL major version such as 17 (minor versions are upgraded automatically)'),
  allocatedStorage: z.number().int().min(20).max(65536),
  maxAllocatedStorage: z.number().int().min(20).max(65536).optional(),
  multiAz: z.boolean().default(false),
  backupRetentionDays: z.number().int().min(1).max(35),
  backupWindow: z.string().regex(/^\d\d:\d\d-\d\d:\d\d$/).optional(),
  maintenanceWindow: z.string().regex(/^[a-z]{3}:\d\d:\d\d-[a-z]{3}:\d\d:\d\d$/).optional(),
  deletionProtection: z.boolean(),
  /** Take a final snapshot when the instance is deleted. */
  finalSnapshot: z.boolean(),
  performanceInsightsRetentionDays: z.number().int().refine((d) => d === 7 || (d % 31 === 0 && d <= 731) || d === 731, 'expected 7, a multiple of 31, or 731').default(7),
  masterUsername: identifier.default('schemaop_admin'),
  port: z.number().int().min(1150).max(65535).default(5432),
  /** Server parameters of the instance's parameter group. */
  parameters: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).default({}),
  /** CA bundle for verify-full TLS (the RDS global bundle); without it TLS is required but the certificate unchecked. */
  sslRootCert: z.string().min(1).optional(),
});

const kms = z.strictObject({
  deletionWindowDays: z.number().int().min(7).max(30),
  rotationPeriodDays: z.number().int().min(90).max(2560).default(365),
  /** The application's IAM role: may use the key, and connect with IAM authentication. */
  applicationRoleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN'),
  /** Database role the application logs in as with IAM authentication. */
  applicationDbUser: identifier.default('app'),
  /** The IAM role of the credentials service (`schemaop credentials`, the loader): the only principal that encrypts and decrypts exchange credentials. */
  credentialsRoleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN').optional(),
});

/** The connection string's parts, or undefined when it cannot be read (the parser's message never holds it). */
function readConnection(text: string): { params?: ConnectionParams; error?: string } {
  try {
    return { params: parseConnection(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * The admin login of a server the stack does not create (Neon, Supabase, Cloud SQL, on-premises),
 * read from its connection string (a URL or libpq keywords) by the one parser: a Pulumi secret,
 * never echoed in a message. sslmode as in libpq, `require` when the string gives none (a managed
 * server is reached over TLS).
 */
const adminUrl = z.string().transform((text, ctx) => {
  const { params: p, error } = readConnection(text);
  if (!p || !p.host || p.host.startsWith('/') || !p.user || !p.password || !p.database) {
    ctx.addIssue({ code: 'custom', message: error ?? 'expected postgres://user:password@host:port/database (the admin login, its password and the database the stack manages)' });
    return z.NEVER;
  }
  return { host: p.host, port: p.port ?? 5432, user: p.user, password: p.password, database: p.database, sslmode: p.sslmode ?? 'require', ...(p.sslrootcert ? { sslrootcert: p.sslrootcert } : {}) };
});

const server = z.strictObject({
  /** Set with `pulumi config set --secret schemaop:server.adminUrl 'postgres://...'`. */
  adminUrl,
});

const common = {
  environment: z.enum(['dev', 'staging', 'prod']),
  database: database.default(database.parse({})),
  /** Safety rules: levels, reviewed allowances, online-safe plans (the `lint:` section of schemaop.yaml). */
  lint: LintConfigSchema.default({}),
  /** Objects the plan leaves alone (`exclude:` of schemaop.yaml): `schema.name` patterns. */
  exclude: ExcludeSchema.default([]),
  seeds: seeds.default(seeds.parse({})),
};

const devSchema = z.strictObject({ ...common, environment: z.literal('dev'), local: local.default(local.parse({})) }).superRefine((c, ctx) => {
  if (c.lint.env && c.lint.env !== 'dev') ctx.addIssue({ code: 'custom', path: ['lint', 'env'], message: "must be dev (the stack's environment) or absent" });
});
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1');

/** What every staging and prod stack must hold to: its own environment's rules, and prod keeps its data. */
function sharedRules(c: { environment: 'staging' | 'prod'; lint: { env?: string }; database: { dropOnDelete: boolean } }, ctx: z.RefinementCtx): void {
  if (c.lint.env && c.lint.env !== c.environment) ctx.addIssue({ code: 'custom', path: ['lint', 'env'], message: `must be ${c.environment} (the stack's environment) or absent` });
  if (c.environment === 'prod' && c.database.dropOnDelete) ctx.addIssue({ code: 'custom', path: ['database', 'dropOnDelete'], message: 'must be false in prod' });
}

const awsSchema = z.strictObject({ ...common, environment: z.enum(['staging', 'prod']), region, network, rds, kms }).superRefine((c, ctx) => {
  if (c.environment === 'prod') {
    if (!c.rds.deletionProtection) ctx.addIssue({ code: 'custom', path: ['rds', 'deletionProtection'], message: 'must be true in prod' });
    if (!c.rds.finalSnapshot) ctx.addIssue({ code: 'custom', path: ['rds', 'finalSnapshot'], message: 'must be true in prod' });
  }
  sharedRules(c, ctx);
});

/** A staging or prod stack on an existing server: no RDS; a KMS key only when `kms` is configured, else a local data key. */
const existingSchema = z.strictObject({ ...common, environment: z.enum(['staging', 'prod']), server, region: region.optional(), kms: kms.optional() }).superRefine((c, ctx) => {
  if (c.kms && !c.region) ctx.addIssue({ code: 'custom', path: ['region'], message: 'missing: the KMS key (schemaop:kms) is created in this AWS region' });
  sharedRules(c, ctx);
});

interface StackIdentity {
  stack: string;
  project: string;
}
export type DevConfig = z.infer<typeof devSchema> & StackIdentity;
export type AwsConfig = z.infer<typeof awsSchema> & StackIdentity;
export type ExistingConfig = z.infer<typeof existingSchema> & StackIdentity;
export type StackConfig = DevConfig | AwsConfig | ExistingConfig;

/** A stack on a server it does not create (`schemaop:server`). */
export const onExistingServer = (c: StackConfig): c is ExistingConfig => 'server' in c;

export class StackConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration of stack "${stackName}" (Pulumi.${stackName}.yaml):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'StackConfigError';
  }
}

/** The Pulumi config key of a zod issue path: `schemaop:rds.instanceClass`, `aws:region`. */
function keyOf(path: PropertyKey[]): string {
  const [top, ...rest] = path.map(String);
  if (top === 'region') return 'aws:region';
  return `${NAMESPACE}:${top ?? ''}` + rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('');
}

/** Sets `value` at a dotted key (`server.adminUrl`, as `pulumi config set` without --path writes it) in `input`. */
function setAt(input: Record<string, unknown>, name: string, value: unknown): void {
  const [top, ...rest] = name.split('.');
  if (!rest.length) {
    input[top] = value !== null && typeof value === 'object' && !Array.isArray(value) && typeof input[top] === 'object' ? { ...(input[top] as object), ...value } : value;
    return;
  }
  const inner = input[top] !== null && typeof input[top] === 'object' && !Array.isArray(input[top]) ? { ...(input[top] as Record<string, unknown>) } : {};
  setAt(inner, rest.join('.'), value);
  input[top] = inner;
}

const ADMIN_URL = `${NAMESPACE}:server.adminUrl`;

/**
 * Validates a stack's configuration. `raw` is Pulumi's flat config map (`schemaop:rds` → JSON
 * text, `aws:region` → text), as `pulumi.runtime.allConfig()` returns it. `secretKeys`, when
 * known, are the keys Pulumi holds as secrets: the admin URL of an existing server must be one.
 */
export function parseStackConfig(stack: string, project: string, raw: Record<string, string>, secretKeys?: string[]): StackConfig {
  const input: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, text] of Object.entries(raw)) {
    const [ns, name] = key.split(':', 2) as [string, string | undefined];
    if (key === 'aws:region') input.region = text;
    if (ns !== NAMESPACE || !name) continue;
    try {
      setAt(input, name, /^\s*[[{]/.test(text) || /^(true|false|-?\d+(\.\d+)?)$/.test(text) ? JSON.parse(text) : text);
    } catch {
      problems.push(`${key}: not valid JSON`);
    }
  }
  const env = input.environment;
  if (env !== 'dev' && env !== 'staging' && env !== 'prod') {
    problems.push(`${NAMESPACE}:environment: ${env === undefined ? 'missing' : `"${String(env)}" is not one of dev, staging, prod`}`);
    throw new StackConfigError(stack, problems);
  }
  if (env === 'dev') delete input.region; // a dev stack may set aws:region for other tools
  const existing = env !== 'dev' && 'server' in input;
  if (env !== 'dev' && !existing && !('rds' in input)) {
    problems.push(
      `${ADMIN_URL}: missing: a ${env} stack runs on an RDS instance it creates (${NAMESPACE}:rds, ${NAMESPACE}:network, ${NAMESPACE}:kms, aws:region) ` +
        `or on an existing server (pulumi config set --secret ${ADMIN_URL} 'postgres://...')`,
    );
    throw new StackConfigError(stack, problems);
  }
  if (existing) {
    if (secretKeys && !secretKeys.includes(`${NAMESPACE}:server`) && !secretKeys.includes(ADMIN_URL))
      problems.push(`${ADMIN_URL}: must be a secret (pulumi config set --secret ${ADMIN_URL} ...): it holds the admin password`);
    // The URL names the database the stack manages; a database.name beside it must agree.
    const named = (input.database as { name?: unknown } | undefined)?.name;
    const given = (input.server as { adminUrl?: unknown }).adminUrl;
    const inUrl = typeof given === 'string' ? readConnection(given).params?.database : undefined;
    if (named !== undefined && inUrl && named !== inUrl) problems.push(`${NAMESPACE}:database.name: the admin URL names the database "${inUrl}"; give the same name or leave database.name out`);
    else if (inUrl && /^[a-z_][a-z0-9_]{0,62}$/.test(inUrl)) setAt(input, 'database.name', inUrl);
  }
  const r = (env === 'dev' ? devSchema : existing ? existingSchema : awsSchema).safeParse(input);
  if (!r.success) {
    for (const issue of r.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) problems.push(`${keyOf([...issue.path, k])}: unknown key for a ${env} stack${existing ? ' on an existing server' : ''}`);
      } else {
        const missing = issue.code === 'invalid_type' && issue.message.includes('undefined');
        problems.push(`${keyOf(issue.path)}: ${missing ? 'missing' : issue.message}`);
      }
    }
  }
  if (problems.length) throw new StackConfigError(stack, problems);
  return { ...(r.data as z.infer<typeof devSchema> | z.infer<typeof awsSchema> | z.infer<typeof existingSchema>), stack, project };
}
