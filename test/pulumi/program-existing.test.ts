// A staging stack on an existing server (Pulumi.staging-existing.yaml plus the secret admin URL)
// under Pulumi's mocks, previewed against a real database: no RDS and no embedded server are
// created, the resources connect with the login of the secret URL, whose password stays a Pulumi
// secret everywhere (resource inputs, outputs); the data key is a local one, or the project's KMS
// key when schemaop:kms is configured.
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/db';
import { MockRun, runProgram, stackFileConfig, value } from './mocks';

const T = (t: string) => `pulumi-nodejs:dynamic/schemaop:${t}`;
const URL_KEY = 'schemaop:server.adminUrl';
const ACCOUNT = '123456789012';
let dbUrl: string;
let password: string;
let local: MockRun;
let withKms: MockRun;

const run = (extra: Record<string, string> = {}, secretKeys = [URL_KEY]) =>
  runProgram({
    stack: 'staging-existing',
    preview: true,
    config: { ...stackFileConfig('staging-existing'), [URL_KEY]: `${dbUrl}?sslmode=disable`, ...extra },
    secretKeys,
    outputs: (type, name) => (type === T('LocalDataKey') ? { key: 'a2V5', keyId: 'local-1' } : type === 'aws:kms/key:Key' ? { arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${name}-uuid`, keyId: `${name}-uuid` } : undefined),
    calls: {
      'aws:index/getCallerIdentity:getCallerIdentity': () => ({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: 'AID' }),
      'aws:index/getPartition:getPartition': () => ({ partition: 'aws', dnsSuffix: 'amazonaws.com' }),
    },
  });

beforeAll(async () => {
  dbUrl = await freshDatabase();
  password = decodeURIComponent(new URL(dbUrl).password);
  local = await run();
  withKms = await run({ 'aws:region': 'eu-west-1', 'schemaop:kms': JSON.stringify({ deletionWindowDays: 7, applicationRoleArn: `arn:aws:iam::${ACCOUNT}:role/trading-app-staging` }) });
}, 180_000);

describe('staging stack on an existing server', () => {
  it('creates no server: no RDS instance, no network, no embedded PostgreSQL; a local data key without schemaop:kms', () => {
    expect(local.resources.filter((r) => r.type.startsWith('aws:'))).toEqual([]);
    expect(local.byType(T('EmbeddedDatabase'))).toEqual([]);
    expect(local.one(T('LocalDataKey')).additionalSecretOutputs).toContain('key');
  });

  it('connects with the login of the secret URL, the password a Pulumi secret in every input', () => {
    const u = new URL(dbUrl);
    const schema = local.one(T('Schema'));
    expect(schema.inputs.target).toMatchObject({ host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), database: u.pathname.slice(1), sslmode: 'disable', credentials: { kind: 'secret', password } });
    expect(schema.inputs).toMatchObject({ environment: 'staging', dropOnDelete: false, lockTimeoutMs: 5_000 });
    // Reachable: the preview carries the plan (online-safe: staging).
    expect(schema.inputs.planError ?? null).toBeNull();
    expect(schema.inputs.plan).toMatchObject({ changes: true });
    for (const r of local.resources) {
      const clear = Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !r.secretInputs.includes(k)));
      expect(JSON.stringify(clear), `${r.type} ${r.name}`).not.toContain(password);
    }
    expect(schema.secretInputs).toContain('target');
    // What the preview shows and the policy pack reads stays in clear: it holds no password.
    expect(schema.secretInputs).not.toContain('plan');
    expect(local.one(T('Access')).secretInputs).not.toContain('access');
    for (const r of local.resources.filter((x) => x.inputs.target)) expect(r.secretInputs, `${r.type} ${r.name}`).toContain('target');
  });

  it('exports the database URL and the data key as secrets, the server as plain host, port and database', async () => {
    const isSecret = (o: unknown) => (o as { isSecret: Promise<boolean> }).isSecret;
    expect(await isSecret(local.outputs.databaseUrl)).toBe(true);
    expect(await isSecret(local.outputs.dataKey)).toBe(true);
    expect(local.outputs.instanceId).toBeUndefined();
    const u = new URL(dbUrl);
    expect([await value(local.outputs.host as never), await value(local.outputs.port as never), local.outputs.database]).toEqual([u.hostname, Number(u.port), u.pathname.slice(1)]);
  });

  it('with schemaop:kms: the project KMS key (and no local key), still no RDS', () => {
    expect(withKms.one('aws:kms/key:Key').inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 7 });
    expect(withKms.byType(T('LocalDataKey'))).toEqual([]);
    expect(withKms.resources.filter((r) => r.type.startsWith('aws:rds') || r.type.startsWith('aws:ec2'))).toEqual([]);
    expect(withKms.outputs.kmsKeyArn).toBeDefined();
  });

  it('refuses an admin URL set without --secret (the program stops), without echoing it', async () => {
    const err = await run({}, []).catch((e: Error) => e);
    expect(String(err)).toMatch(/schemaop:server\.adminUrl: must be a secret/);
    expect(String(err)).not.toContain(password);
  });
});
