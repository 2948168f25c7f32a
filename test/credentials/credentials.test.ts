// Credentials on a real PostgreSQL with the dev stack's local data key (raw AES keyring): every
// credential table round trips, a value tampered with, swapped or moved does not decrypt, the
// loader follows account sharing, and only the credentials role reads the secret columns.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { Fernet } from 'fernet-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/db/connect';
import { withClient } from '../../src/db/connect';
import { DecryptError, Envelope, openEnvelope } from '../../src/credentials/envelope';
import { parseKeyConfig } from '../../src/credentials/keys';
import { loadCredentials } from '../../src/credentials/loader';
import { listCredentials, migrateFromFernet, putAccountCredentials, putApiKey, putUserCredentials, putUserExchange, readRow, rotate, verify } from '../../src/credentials/store';
import { query } from '../support/db';
import { credentialsDb, CredentialsDb } from './support';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

describe('credentials with the local data key', () => {
  let db: CredentialsDb;
  let c: Client;
  let env: Envelope;
  const dataKey = randomBytes(32).toString('base64');

  beforeAll(async () => {
    db = await credentialsDb();
    c = await db.session();
    env = await openEnvelope(parseKeyConfig({ dataKey }));
  });
  afterAll(async () => {
    await c?.end();
  });

  it('round trips every credential table', async () => {
    const a = { apiKey: secret('aec-key'), secret: secret('aec-secret'), extra: { passphrase: secret('aec-pass') } };
    const r1 = await putAccountCredentials(c, env, { account: 'main_bot', exchange: 'lighter', subaccount: 2, secrets: a });
    expect(r1.created).toBe(true);
    expect(await readRow(c, env, 'account_exchange_credentials', r1.id)).toEqual({ api_key_encrypted: a.apiKey, secret_key_encrypted: a.secret, additional_credentials_encrypted: a.extra });

    const u = { apiKey: secret('uc-key'), secret: secret('uc-secret') };
    const r2 = await putUserCredentials(c, env, { user: 'sub-1', userAccount: 'main', type: 'alpaca_paper', nickname: 'paper 1', secrets: u });
    expect(await readRow(c, env, 'user_credentials', r2.id)).toEqual({ api_key_encrypted: u.apiKey, secret_key_encrypted: u.secret });

    const x = { apiKey: secret('ue-key'), secret: secret('ue-secret'), extra: { passphrase: secret('ue-pass') } };
    const r3 = await putUserExchange(c, env, { user: 'sub-1', exchange: 'coinbase', secrets: x });
    expect(await readRow(c, env, 'user_exchanges', r3.id)).toEqual({ api_key: x.apiKey, api_secret: x.secret, additional_credentials: JSON.stringify(x.extra) });

    const [{ id: apiKeyId }] = await query<{ id: string }>(db.url, 'SELECT id::text FROM api_keys');
    const k = secret('platform-key');
    await putApiKey(c, env, { apiKeyId, key: k });
    expect(await readRow(c, env, 'api_keys', apiKeyId)).toEqual({ key_encrypted: k });

    // Nothing of any plaintext is in the stored row.
    const stored = JSON.stringify(await query(db.url, 'SELECT * FROM account_exchange_credentials UNION ALL SELECT NULL, NULL, NULL, api_key, api_secret, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM user_exchanges'));
    for (const p of [a.apiKey, a.secret, a.extra.passphrase, x.apiKey, x.secret]) expect(stored).not.toContain(p);

    // put again updates the same row (one transaction), a new secret replaces the old.
    const a2 = { ...a, secret: secret('aec-secret2') };
    const again = await putAccountCredentials(c, env, { account: 'main_bot', exchange: 'lighter', subaccount: 2, secrets: a2 });
    expect(again).toEqual({ id: r1.id, created: false });
    expect((await readRow(c, env, 'account_exchange_credentials', r1.id)).secret_key_encrypted).toBe(a2.secret);
  });

  it('refuses a tampered, swapped or moved value', async () => {
    const s1 = { apiKey: secret('k1'), secret: secret('s1') };
    const s2 = { apiKey: secret('k2'), secret: secret('s2') };
    const r1 = await putAccountCredentials(c, env, { account: 'lighter_2', exchange: 'lighter', secrets: s1 });
    const r2 = await putAccountCredentials(c, env, { account: 'lighter_3', exchange: 'lighter', secrets: s2 });
    const read = async (id: string) => {
      try {
        await readRow(c, env, 'account_exchange_credentials', id);
        return 'decrypted';
      } catch (e) {
        expect(e).toBeInstanceOf(DecryptError);
        for (const p of [s1.apiKey, s1.secret, s2.apiKey, s2.secret]) expect((e as Error).message).not.toContain(p);
        return (e as Error).message;
      }
    };
    // Swapped columns within a row.
    await query(db.url, 'UPDATE account_exchange_credentials SET api_key_encrypted = secret_key_encrypted, secret_key_encrypted = api_key_encrypted WHERE id = $1', [r1.id]);
    expect(await read(r1.id)).toMatch(/encryption context column is "secret_key_encrypted", expected "api_key_encrypted"/);
    await query(db.url, 'UPDATE account_exchange_credentials SET api_key_encrypted = secret_key_encrypted, secret_key_encrypted = api_key_encrypted WHERE id = $1', [r1.id]);
    expect(await read(r1.id)).toBe('decrypted');
    // Moved to another account's row.
    await query(db.url, 'UPDATE account_exchange_credentials SET api_key_encrypted = (SELECT api_key_encrypted FROM account_exchange_credentials WHERE id = $1) WHERE id = $2', [r1.id, r2.id]);
    expect(await read(r2.id)).toMatch(/encryption context account is .* another row or column/);
    // One byte changed.
    const [{ v }] = await query<{ v: string }>(db.url, 'SELECT secret_key_encrypted AS v FROM account_exchange_credentials WHERE id = $1', [r1.id]);
    const b = Buffer.from(v, 'base64');
    b[b.length - 40] ^= 1;
    await query(db.url, 'UPDATE account_exchange_credentials SET secret_key_encrypted = $2 WHERE id = $1', [r1.id, b.toString('base64')]);
    expect(await read(r1.id)).toMatch(/does not decrypt/);
    // Another key cannot open it at all.
    const other = await openEnvelope(parseKeyConfig({ dataKey: randomBytes(32).toString('base64') }));
    await expect(readRow(c, other, 'user_credentials', (await query<{ id: string }>(db.url, 'SELECT id::text FROM user_credentials'))[0].id)).rejects.toThrow(DecryptError);

    const report = await verify(c, env);
    expect(report.failures.map((f) => f.where).sort()).toEqual([`account_exchange_credentials.api_key_encrypted of row ${r2.id}`, `account_exchange_credentials.secret_key_encrypted of row ${r1.id}`].sort());
    // Repair for the tests below.
    await putAccountCredentials(c, env, { account: 'lighter_2', exchange: 'lighter', secrets: s1 });
    await putAccountCredentials(c, env, { account: 'lighter_3', exchange: 'lighter', secrets: s2 });
    expect((await verify(c, env)).failures).toEqual([]);
  });

  it('follows account sharing: several accounts on one shared Backpack account', async () => {
    const bp = { apiKey: secret('bp-key'), secret: secret('bp-secret') };
    await putAccountCredentials(c, env, { account: 'shared_backpack', exchange: 'backpack', secrets: bp });
    await query(
      db.url,
      `INSERT INTO account_exchange_sharing (primary_account_id, shared_account_id, exchange_id, sharing_type)
       SELECT p.id, s.id, d.id, t FROM (VALUES ('main_bot', 'full'), ('lighter_2', 'read_only'), ('lighter_3', 'positions_only')) v(a, t)
       JOIN accounts p ON p.account_name = v.a, accounts s, dexes d WHERE s.account_name = 'shared_backpack' AND d.name = 'backpack'`,
    );
    for (const [account, type] of [['main_bot', 'full'], ['lighter_2', 'read_only'], ['lighter_3', 'positions_only'], ['shared_backpack', 'full']]) {
      const got = await loadCredentials(account, 'backpack', { client: c, envelope: env, env: {} });
      expect({ owner: got.owner, sharingType: got.sharingType, source: got.source, key: got.apiKey.reveal(), secret: got.secret.reveal() }).toEqual({ owner: 'shared_backpack', sharingType: type, source: 'database', key: bp.apiKey, secret: bp.secret });
      // Printed or serialised, the result shows no secret.
      const shown = `${JSON.stringify(got)} ${inspect(got)} ${String(got.apiKey)}`;
      expect(shown).not.toContain(bp.apiKey);
      expect(shown).not.toContain(bp.secret);
    }
    // Sharing is per exchange: on lighter, lighter_2 uses its own credentials.
    const own = await loadCredentials('lighter_2', 'lighter', { client: c, envelope: env, env: {} });
    expect([own.owner, own.sharingType]).toEqual(['lighter_2', 'full']);
    const [{ n }] = await query<{ n: string }>(db.url, "SELECT count(*) AS n FROM account_exchange_credentials WHERE last_used IS NOT NULL");
    expect(Number(n)).toBeGreaterThanOrEqual(2);
  });

  it('falls back to the documented environment variables when no row exists, else names what it looked for', async () => {
    const k = secret('env-key');
    const s = secret('env-secret');
    const got = await loadCredentials('main_bot', 'aster', { client: c, envelope: env, env: { MAIN_BOT_ASTER_API_KEY: k, MAIN_BOT_ASTER_SECRET_KEY: s, ASTER_API_KEY: 'generic', ASTER_SECRET_KEY: 'generic' } });
    expect([got.source, got.apiKey.reveal(), got.secret.reveal()]).toEqual(['environment', k, s]);
    const generic = await loadCredentials('not_in_db', 'aster', { client: c, envelope: env, env: { ASTER_API_KEY: k, ASTER_SECRET_KEY: s } });
    expect([generic.source, generic.apiKey.reveal()]).toEqual(['environment', k]);
    await expect(loadCredentials('main_bot', 'aster', { client: c, envelope: env, env: {} })).rejects.toThrow(
      'no credentials for account "main_bot" on aster: no active row in account_exchange_credentials (subaccount 0) and none of MAIN_BOT_ASTER_API_KEY/MAIN_BOT_ASTER_SECRET_KEY, ASTER_API_KEY/ASTER_SECRET_KEY is set',
    );
    await expect(loadCredentials('', 'aster', { client: c, envelope: env })).rejects.toThrow();
  });

  it('lists credentials without secrets, with the key each is under', async () => {
    const rows = await listCredentials(c, env.keyOf);
    expect(rows.length).toBeGreaterThanOrEqual(7);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/AgR4/); // no envelope either
    expect(rows.find((r) => r.table === 'account_exchange_credentials' && r.account === 'shared_backpack')).toMatchObject({ exchange: 'backpack', label: '0', active: true, keys: [env.currentKey] });
  });

  it('migrates Fernet tokens in place, idempotently, and rotates to a new key with nothing lost', async () => {
    const fkey = Fernet.generateKey();
    const legacy = { apiKey: secret('legacy-key'), secret: secret('legacy-secret'), pass: secret('legacy-pass') };
    await query(
      db.url,
      `INSERT INTO account_exchange_credentials (account_id, exchange_id, api_key_encrypted, secret_key_encrypted, additional_credentials_encrypted)
       SELECT a.id, d.id, $1, $2, jsonb_build_object('passphrase', $3::text) FROM accounts a, dexes d WHERE a.account_name = 'main_bot' AND d.name = 'aster'`,
      [Fernet.encrypt(legacy.apiKey, fkey), Fernet.encrypt(legacy.secret, fkey), Fernet.encrypt(legacy.pass, fkey)],
    );
    expect((await verify(c, env)).failures.map((f) => f.reason)).toEqual(Array(3).fill('a Fernet token: run `schemaop credentials migrate --from-fernet`'));
    await expect(migrateFromFernet(c, env, 'short')).rejects.toThrow('the Fernet key must be 32 bytes');
    const wrong = await migrateFromFernet(c, env, Fernet.generateKey());
    expect([wrong.changed, wrong.failures.length]).toEqual([0, 3]);
    const m = await migrateFromFernet(c, env, fkey);
    expect([m.changed, m.failures]).toEqual([3, []]);
    expect((await migrateFromFernet(c, env, fkey)).changed).toBe(0);
    const got = await loadCredentials('main_bot', 'aster', { client: c, envelope: env, env: {} });
    expect([got.apiKey.reveal(), got.secret.reveal(), got.extra.passphrase.reveal()]).toEqual([legacy.apiKey, legacy.secret, legacy.pass]);

    // Rotation to a new data key while a reader keeps loading: every read returns the right value.
    const before = new Map<string, unknown>();
    const ids = await query<{ t: string; id: string }>(db.url, `SELECT 'account_exchange_credentials' AS t, id::text FROM account_exchange_credentials UNION ALL SELECT 'user_credentials', id::text FROM user_credentials UNION ALL SELECT 'user_exchanges', id::text FROM user_exchanges UNION ALL SELECT 'api_keys', id::text FROM api_keys`);
    for (const r of ids) before.set(r.id, await readRow(c, env, r.t, r.id));
    const newKey = randomBytes(32).toString('base64');
    const next = await openEnvelope(parseKeyConfig({ dataKey: newKey, previousDataKeys: [dataKey] }));
    const reader = await db.session();
    let reads = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        const g = await loadCredentials('lighter_3', 'backpack', { client: reader, envelope: next, env: {} });
        expect(g.sharingType).toBe('positions_only');
        reads++;
      }
    })();
    const progress: string[] = [];
    const rep = await rotate(c, next, { batchSize: 2, onProgress: (p) => progress.push(p) });
    stop = true;
    await loop;
    await reader.end();
    expect(reads).toBeGreaterThan(0);
    expect(rep.failures).toEqual([]);
    expect(rep.changed).toBe(rep.values);
    expect(progress).toContainEqual(expect.stringMatching(/^account_exchange_credentials: 2\/\d+ rows$/));
    const newOnly = await openEnvelope(parseKeyConfig({ dataKey: newKey }));
    for (const r of ids) expect(await readRow(c, newOnly, r.t, r.id)).toEqual(before.get(r.id));
    expect((await verify(c, newOnly)).failures).toEqual([]);
    expect((await rotate(c, next)).changed).toBe(0);
    expect(new Set((await listCredentials(c, env.keyOf)).flatMap((r) => r.keys))).toEqual(new Set([newOnly.currentKey]));
  });

  it('lets only the credentials role read the secret columns', async () => {
    const tryRead = (role: string, sql: string) =>
      withClient(db.as(role), async (cl) => (await cl.query(sql)).rows).then(
        (rows) => `rows: ${rows.length}`,
        (e: Error) => `ERROR: ${e.message}`,
      );
    for (const [table, col] of [
      ['account_exchange_credentials', 'secret_key_encrypted'],
      ['user_credentials', 'api_key_encrypted'],
      ['user_exchanges', 'api_secret'],
      ['api_keys', 'key_encrypted'],
    ]) {
      for (const role of ['app', 'readonly']) expect(await tryRead(role, `SELECT ${col} FROM ${table}`)).toMatch(/^ERROR: permission denied/);
      expect(await tryRead('credentials', `SELECT ${col} FROM ${table}`)).toMatch(/^rows: [1-9]/);
    }
    expect(await tryRead('readonly', 'SELECT account_id, last_used FROM account_exchange_credentials')).toMatch(/^rows: /);
  });
});
