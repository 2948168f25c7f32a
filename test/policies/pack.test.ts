// The CrossGuard pack, policy by policy, with validation arguments built directly.
import { describe, expect, it } from 'vitest';
import type { ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { planJson } from '../../src/report/plan';
import { credentialGrants, KMS_KEY, kmsRotation, ACCESS_TYPES, RDS_INSTANCE, rdsEncryptedWithProjectKey, rdsNotPublic, rdsProdProtection } from '../../policies/infra-policies';
import { policies } from '../../policies/policies';
import { migrationSafety, migrationWarnings } from '../../policies/schema-policy';
import { SCHEMA_TYPES } from '../../policies/schema-input';
import { freshDatabase } from '../support/db';
import { schemaDir } from '../support/schema';
import { planSafe } from '../lint/support';
import { resourceArgs, runResourcePolicy, runStackPolicy, stackResource } from './harness';

const SCHEMA = SCHEMA_TYPES[0];
const schemaProps = (plan: unknown, extra: Record<string, unknown> = {}) => ({ environment: 'prod', lint: {}, plan, ...extra });
const stmt = (sql: string) => ({ sql });

describe('migration safety (the rules of schemaop lint, on the plan the Schema resource carries)', () => {
  it('a real plan: the blocked drop is a mandatory violation; the reviewed one passes', async () => {
    const url = await freshDatabase('CREATE TABLE users (id int PRIMARY KEY, legacy_flag boolean); INSERT INTO users VALUES (1, true);');
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE users (id int PRIMARY KEY);' });
    const blocked = planJson(await planSafe(url, dir), url);
    const v = await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA, schemaProps(blocked)));
    expect(v).toEqual([expect.stringMatching(/^BLOCKED drop_column on public\.users\.legacy_flag \(statement 1\): drops column .*It holds 1 non-null value.*Safe alternative: /)]);
    const reviewed = planJson(await planSafe(url, dir, { allow: ['drop_column:public.users.legacy_flag:unused since v2'] }), url);
    expect(await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA, schemaProps(reviewed)))).toEqual([]);
  });

  it('re-lints the statements: a plan that does not carry its findings is still blocked; the stack allowances apply', async () => {
    const plan = { statements: [stmt('DROP TABLE public.orders'), stmt('CREATE INDEX orders_x ON public.trades USING btree (x)')], findings: [] };
    const v = await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA, schemaProps(plan)));
    expect(v.map((x) => x.split(':')[0])).toEqual(['BLOCKED drop_table on public.orders (statement 1)', 'BLOCKED create_index_non_concurrent on public.orders_x (statement 2)']);
    const allowed = schemaProps(plan, { lint: { allow: [{ rule: '*', object: 'public.orders*', reason: 'orders move to the ledger service' }] } });
    expect(await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA, allowed))).toEqual([]);
    // dev levels: warnings, advisory only.
    const dev = schemaProps(plan, { environment: 'dev' });
    expect(await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA, dev))).toEqual([]);
    expect(await runResourcePolicy(migrationWarnings, resourceArgs(SCHEMA, dev))).toHaveLength(2);
  });

  it('reads where online-safe steps run from the plan (after the transaction, with their retries); ignores other resources; reports a malformed plan', async () => {
    const retried = (sql: string) => ({ ...stmt(sql), phase: 'post', transactional: false, retry: { lockTimeoutMs: 2000, retries: 5 } });
    const online = { statements: [{ ...stmt('CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a ON public.t USING btree (a)'), phase: 'post', transactional: false }, retried('ALTER TABLE "public"."t" VALIDATE CONSTRAINT "c"')], findings: [] };
    expect(await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA, schemaProps(online)))).toEqual([]);
    const dropInside = { statements: [retried('ALTER TABLE public.t DROP COLUMN c')], findings: [] };
    expect(await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA, schemaProps(dropInside)))).toHaveLength(1);
    expect(await runResourcePolicy(migrationSafety, resourceArgs('aws:s3/bucket:Bucket', schemaProps(dropInside)))).toEqual([]);
    // No plan is never a silent pass: the reason the program could not plan is the violation.
    expect(await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA, { ...schemaProps(null), planError: 'password authentication failed for user "admin"' }))).toEqual([
      expect.stringMatching(/no schema plan to check: the program could not compute it \(password authentication failed for user "admin"\); the migration cannot be checked/),
    ]);
    expect(await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA, schemaProps({ statements: 'DROP TABLE x' })))).toEqual([expect.stringMatching(/do not have the expected shape/)]);
  });
});

describe('infrastructure policies', () => {
  const db = (props: Record<string, unknown> = {}) => ({ storageEncrypted: true, publiclyAccessible: false, deletionProtection: true, backupRetentionPeriod: 7, tags: { environment: 'prod' }, ...props });

  it('RDS storage encrypted with the project key', async () => {
    const key = stackResource(KMS_KEY, 'data-key', { enableKeyRotation: true, arn: 'arn:aws:kms:eu-west-1:1:key/k' });
    const ok = stackResource(RDS_INSTANCE, 'db', db({ kmsKeyId: undefined }), { kmsKeyId: [key] }); // preview: the ARN is not known yet
    expect(await runStackPolicy(rdsEncryptedWithProjectKey, [key, ok])).toEqual([]);
    expect(await runStackPolicy(rdsEncryptedWithProjectKey, [key, stackResource(RDS_INSTANCE, 'db', db({ kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/k' }))])).toEqual([]);
    expect(await runStackPolicy(rdsEncryptedWithProjectKey, [key, stackResource(RDS_INSTANCE, 'db', db())])).toEqual([expect.stringMatching(/project's KMS key/)]);
    expect(await runStackPolicy(rdsEncryptedWithProjectKey, [key, stackResource(RDS_INSTANCE, 'db', db({ storageEncrypted: false }))])).toEqual([expect.stringMatching(/storageEncrypted must be true/)]);
  });

  it('RDS not publicly accessible; deletion protection and 7 days of backups in production', async () => {
    const run = (p: ResourceValidationPolicy, props: Record<string, unknown>, config = {}) => runResourcePolicy(p, resourceArgs(RDS_INSTANCE, props, config));
    expect(await run(rdsNotPublic, db())).toEqual([]);
    expect(await run(rdsNotPublic, db({ publiclyAccessible: true }))).toEqual(['publiclyAccessible must be false']);
    expect(await run(rdsProdProtection, db())).toEqual([]);
    expect(await run(rdsProdProtection, db({ deletionProtection: false, backupRetentionPeriod: 1 }))).toHaveLength(2);
    expect(await run(rdsProdProtection, db({ deletionProtection: false, backupRetentionPeriod: 1, tags: { environment: 'staging' } }))).toEqual([]);
    expect(await run(rdsProdProtection, db({ deletionProtection: false, tags: {} }), { environment: 'staging' })).toEqual([]);
    expect(await run(rdsProdProtection, db({ deletionProtection: false, tags: {} }))).toHaveLength(1); // no environment said: prod
  });

  it('KMS key rotation on', async () => {
    expect(await runResourcePolicy(kmsRotation, resourceArgs(KMS_KEY, { enableKeyRotation: true }))).toEqual([]);
    expect(await runResourcePolicy(kmsRotation, resourceArgs(KMS_KEY, {}))).toEqual(['enableKeyRotation must be true']);
  });

  it('no privilege on secret columns for PUBLIC or read-only roles, both derived from access/access.yaml', async () => {
    const access = (privileges: Record<string, Record<string, string[]>>, config = {}) =>
      runResourcePolicy(credentialGrants, resourceArgs(ACCESS_TYPES[0], { env: 'dev', accessDir: 'access', access: { privileges } }, config));
    expect(await access({ 'column public.user_credentials(nickname)': { dev_readonly: ['SELECT'] }, 'table public.user_credentials': { dev_credentials: ['SELECT'] } })).toEqual([]);
    expect(await access({ 'column public.user_credentials(api_key_encrypted)': { dev_readonly: ['SELECT'] } })).toEqual([expect.stringMatching(/read-only role dev_readonly must not be granted SELECT on secret column user_credentials.api_key_encrypted/)]);
    expect(await access({ 'table public.api_keys': { PUBLIC: ['SELECT'] } })).toEqual([expect.stringMatching(/PUBLIC must not be granted SELECT on credential table public.api_keys/)]);
    // The app role writes credentials: not read-only, so not this policy's concern.
    expect(await access({ 'table public.user_credentials': { dev_app: ['INSERT'] } })).toEqual([]);
    expect(await access({ 'table public.vault': { bi: ['SELECT'] } }, { credentialTables: ['vault'], readOnlyRoles: ['bi'] })).toHaveLength(1);
  });

  it('the pack holds every policy, mandatory where a violation must stop the update', () => {
    const byName = Object.fromEntries(policies.map((p) => [p.name, p as ResourceValidationPolicy | StackValidationPolicy]));
    expect(Object.keys(byName).sort()).toEqual(['kms-key-rotation', 'no-credential-grants-to-public-or-readonly', 'rds-encrypted-with-project-key', 'rds-not-publicly-accessible', 'rds-prod-protection', 'schemaop-migration-safety', 'schemaop-migration-warnings']);
    for (const p of policies) expect(p.enforcementLevel).toBe(p.name === 'schemaop-migration-warnings' ? 'advisory' : 'mandatory');
  });
});
