// Which keys protect the credentials: the stack's KMS key (staging, prod) or the dev stack's local
// 256-bit data key, plus earlier keys that may still be needed to decrypt (during a rotation).
// Read from the environment (documented in docs/credentials.md) or given directly; checked with
// zod so that a wrong setting stops before any row is touched.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SchemaopError } from '../errors';
import { EXIT } from '../exit-codes';

const base64Key = z
  .string()
  .trim()
  .refine((s) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(s) && Buffer.from(s, 'base64').length === 32, 'must be 32 bytes, base64-encoded');

export const KeyConfigSchema = z
  .object({
    /** Key id, key ARN, alias name or alias ARN of the KMS key that encrypts new values. */
    kmsKeyId: z.string().min(1).optional(),
    /** The dev stack's local data key (base64, 32 bytes), used when there is no KMS key. */
    dataKey: base64Key.optional(),
    /** KMS keys that values may still be encrypted under (decrypt only). */
    previousKmsKeyIds: z.array(z.string().min(1)).default([]),
    /** Local data keys that values may still be encrypted under (decrypt only). */
    previousDataKeys: z.array(base64Key).default([]),
    /** KMS endpoint (local-kms in tests), region. */
    kmsEndpoint: z.url().optional(),
    region: z.string().min(1).optional(),
    /** Data key cache limits: a cached data key encrypts at most this many values, lives at most this long. */
    cacheMaxMessages: z.number().int().positive().max(2 ** 32).default(1000),
    cacheMaxAgeMs: z.number().int().positive().default(5 * 60_000),
    cacheCapacity: z.number().int().positive().default(1000),
  })
  .strict()
  .refine((c) => !(c.kmsKeyId && c.dataKey), { message: 'give either a KMS key or a local data key, not both', path: ['dataKey'] })
  .refine((c) => c.kmsKeyId || c.dataKey, { message: 'no key: set SCHEMAOP_KMS_KEY_ID (staging, prod) or SCHEMAOP_DATA_KEY (dev)', path: ['kmsKeyId'] });

export type KeyConfigInput = z.input<typeof KeyConfigSchema>;
export type KeyConfig = z.output<typeof KeyConfigSchema>;

/** The environment variables that configure the keys (see docs/credentials.md). */
export const KEY_ENV = {
  kmsKeyId: 'SCHEMAOP_KMS_KEY_ID',
  dataKey: 'SCHEMAOP_DATA_KEY',
  previousKmsKeyIds: 'SCHEMAOP_PREVIOUS_KMS_KEY_IDS',
  previousDataKeys: 'SCHEMAOP_PREVIOUS_DATA_KEYS',
  kmsEndpoint: 'SCHEMAOP_KMS_ENDPOINT',
  region: 'AWS_REGION',
} as const;

export class KeyConfigError extends SchemaopError {
  constructor(problems: string[]) {
    // Values are never echoed: a data key given in the wrong variable must not end up in a log.
    super(`invalid key configuration; nothing was changed:\n  ${problems.join('\n  ')}`, EXIT.usage);
  }
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export function keyConfigFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: KeyConfigInput = {}): KeyConfig {
  return parseKeyConfig({
    kmsKeyId: env[KEY_ENV.kmsKeyId] || undefined,
    dataKey: env[KEY_ENV.dataKey] || undefined,
    previousKmsKeyIds: list(env[KEY_ENV.previousKmsKeyIds]),
    previousDataKeys: list(env[KEY_ENV.previousDataKeys]),
    kmsEndpoint: env[KEY_ENV.kmsEndpoint] || undefined,
    region: env[KEY_ENV.region] || env.AWS_DEFAULT_REGION || undefined,
    ...overrides,
  });
}

export function parseKeyConfig(input: KeyConfigInput): KeyConfig {
  const r = KeyConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const envName = (p: PropertyKey[]) => KEY_ENV[p[0] as keyof typeof KEY_ENV] ?? String(p[0] ?? '');
  throw new KeyConfigError(r.error.issues.map((i) => `${envName(i.path)}: ${i.message}`));
}

/** A local data key's public name: a hash, so that a message says which key it needs without revealing it. */
export function dataKeyName(key: string): string {
  return `local-${createHash('sha256').update('schemaop data key id\0').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 16)}`;
}
