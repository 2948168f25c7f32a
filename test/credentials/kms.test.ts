// Credentials under a KMS key: local-kms started on a free port, the AWS SDK pointed at it, the
// real PostgreSQL. Aliases resolve to the key's ARN, data keys are cached within the age cap, a
// moved value is refused, and a rotation to a new key under a reader loses nothing.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/connect';
import { openEnvelope } from '../../src/credentials/envelope';
import { parseKeyConfig } from '../../src/credentials/keys';
import { loadCredentials } from '../../src/credentials/loader';
import { listCredentials, putAccountCredentials, readRow, rotate, verify } from '../../src/credentials/store';
import { query } from '../support/db';
import { credentialsDb, CredentialsDb } from './support';
import { KMS_ENV, LocalKms, startLocalKms } from './local-kms';
import { missingTool } from '../support/tools';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

describe.skipIf(missingTool('local-kms', 'test/credentials/kms.test.ts'))('credentials under a KMS key (local-kms)', () => {
  let kms: LocalKms;
  let db: CredentialsDb;
  let c: Client;
  let key1: string;
  let key2: string;
  const cfg = (over: Record<string, unknown>) => parseKeyConfig({ kmsEndpoint: kms.endpoint, region: KMS_ENV.AWS_REGION, ...over });

  beforeAll(async () => {
    Object.assign(process.env, KMS_ENV, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
    [kms, db] = await Promise.all([startLocalKms(), credentialsDb()]);
    key1 = await kms.createKey('alias/schemaop-kms-test');
    key2 = await kms.createKey();
    c = await db.session();
  });
  afterAll(async () => {
    await c?.end();
    await kms?.stop();
  });

  it('encrypts under the key an alias names, caches data keys within the age cap, refuses a moved value', async () => {
    const env = await openEnvelope(cfg({ kmsKeyId: 'alias/schemaop-kms-test', cacheMaxAgeMs: 1500 }));
    expect(env.currentKey).toBe(key1);
    const bp = { apiKey: secret('bp-key'), secret: secret('bp-secret'), extra: { passphrase: secret('bp-pass') } };
    await putAccountCredentials(c, env, { account: 'shared_backpack', exchange: 'backpack', secrets: bp });
    await putAccountCredentials(c, env, { account: 'main_bot', exchange: 'backpack', secrets: { apiKey: secret('k'), secret: secret('s') } });
    const fresh = await openEnvelope(cfg({ kmsKeyId: key1, cacheMaxAgeMs: 1500 }));
    const load = () => loadCredentials('shared_backpack', 'backpack', { client: c, envelope: fresh, env: {} });
    const got = await load();
    expect([got.apiKey.reveal(), got.secret.reveal(), got.extra.passphrase.reveal()]).toEqual([bp.apiKey, bp.secret, bp.extra.passphrase]);
    expect(fresh.kmsCalls.decrypt).toBe(3); // one data key per value
    await load();
    expect(fresh.kmsCalls.decrypt).toBe(3); // cached
    await new Promise((r) => setTimeout(r, 1600));
    await load();
    expect(fresh.kmsCalls.decrypt).toBe(6); // past the age cap: asked again

    const [{ id: mainId }] = await query<{ id: string }>(db.url, "SELECT a.id::text FROM account_exchange_credentials a JOIN accounts ac ON ac.id = a.account_id WHERE ac.account_name = 'main_bot'");
    const [{ v }] = await query<{ v: string }>(db.url, 'SELECT secret_key_encrypted AS v FROM account_exchange_credentials WHERE id <> $1', [mainId]);
    await query(db.url, 'UPDATE account_exchange_credentials SET secret_key_encrypted = $2 WHERE id = $1', [mainId, v]);
    const err = await readRow(c, fresh, 'account_exchange_credentials', mainId).catch((e: Error) => e.message);
    expect(err).toMatch(/encryption context account is .* another row or column/);
    expect(err).not.toContain(bp.secret);
    await putAccountCredentials(c, env, { account: 'main_bot', exchange: 'backpack', secrets: { apiKey: secret('k'), secret: secret('s') } });
    // A key that is not configured is named, not guessed at.
    const other = await openEnvelope(cfg({ kmsKeyId: key2 }));
    expect(await readRow(c, other, 'account_exchange_credentials', mainId).catch((e: Error) => e.message)).toContain(`it is under ${key1}, which is not among the configured keys`);
    for (const e of [env, fresh, other]) e.close();
  });

  it('rotates to a new KMS key while a reader keeps loading, losing nothing', async () => {
    const next = await openEnvelope(cfg({ kmsKeyId: key2, previousKmsKeyIds: [key1] }));
    let reads = 0;
    let stop = false;
    const reader = await db.session();
    const loop = (async () => {
      while (!stop) {
        const g = await loadCredentials('shared_backpack', 'backpack', { client: reader, envelope: next, env: {} });
        expect(g.apiKey.reveal()).toMatch(/^bp-key-/);
        reads++;
      }
    })();
    const rep = await rotate(c, next, { batchSize: 1 });
    stop = true;
    await loop;
    await reader.end();
    expect(reads).toBeGreaterThan(0);
    expect([rep.failures, rep.changed]).toEqual([[], 5]);
    const only2 = await openEnvelope(cfg({ kmsKeyId: key2 }));
    expect((await verify(c, only2)).failures).toEqual([]);
    expect(new Set((await listCredentials(c, only2.keyOf)).filter((r) => r.table === 'account_exchange_credentials').flatMap((r) => r.keys))).toEqual(new Set([key2]));
    next.close();
    only2.close();
  });
});
