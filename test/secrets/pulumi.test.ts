// No secret seed value in what the Pulumi seed providers hand back to Pulumi (outputs, the state
// read by refresh, the inputs a refresh gives the next diff): run serialised, from a fresh node
// process as Pulumi's provider host runs them, on a real database. A key is written, changed by
// hand, read back (refresh) and restored; every result is searched for both keys. The provider
// still tells the hand-written key from the file's: by their stand-ins.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { standIn } from '../../src/seeds/secret-values';
import { freshDatabase, query } from '../support/db';
import { assertNoSecrets } from '../support/secrets';
import { serializedProviders, serializedTarget } from '../support/serialized';

type Host = Awaited<ReturnType<typeof serializedProviders>>['host'];
/* eslint-disable @typescript-eslint/no-explicit-any -- the providers' results are Pulumi's untyped property bags */

describe('Pulumi seed providers keep secret values out of the state', () => {
  let host: Host;
  beforeAll(async () => {
    host = (await serializedProviders()).host;
  }, 120_000);

  const fileKey = randomBytes(32);
  const handKey = randomBytes(32);
  const hex = (b: Buffer) => `\\x${b.toString('hex')}`;
  const secrets = [fileKey, handKey];

  async function setup() {
    const url = await freshDatabase('CREATE TABLE api_keys (name text PRIMARY KEY, key_prefix text NOT NULL, key_encrypted bytea);');
    const base = { target: serializedTarget(url), file: 'seeds/40_api_keys.yaml', table: 'public.api_keys', key: ['name'], referenced: 'refuse', unlisted: 'keep', secret: ['key_encrypted'] };
    const live = async () => (await query<{ k: string }>(url, `SELECT encode(key_encrypted, 'hex') AS k FROM api_keys`)).map((r) => r.k);
    return { url, base, live };
  }

  it('SeedRow: outputs, refresh and update hold stand-ins; a key changed by hand is a diff and is restored', async () => {
    const { url, base, live } = await setup();
    const inputs = { ...base, values: { name: 'ci', key_prefix: 'sk_test', key_encrypted: hex(fileKey) } };
    const first = await host('seedRow', [['create', inputs], ['diff', '$id', '$outs', inputs], ['read', '$id', '$outs']]);
    assertNoSecrets(first.stdout + first.stderr, secrets, 'SeedRow create/diff/read');
    const [created, same, read] = first.results as any[];
    expect(created.outs.values).toEqual({ name: 'ci', key_prefix: 'sk_test', key_encrypted: standIn(hex(fileKey)) });
    expect(same.changes).toBe(false);
    expect(read.props.values.key_encrypted).toBe(standIn(hex(fileKey)));
    expect(await live()).toEqual([fileKey.toString('hex')]);

    await query(url, `UPDATE api_keys SET key_encrypted = decode($1, 'hex')`, [handKey.toString('hex')]);
    const second = await host('seedRow', [['read', created.id, created.outs], ['diff', '$id', '$outs', inputs], ['update', '$id', '$outs', inputs], ['read', '$id', '$outs']]);
    assertNoSecrets(second.stdout + second.stderr, secrets, 'SeedRow refresh/diff/update/read');
    const [refreshed, diff, updated, after] = second.results as any[];
    // Refresh: the state and the inputs of the next diff hold the hand-written key's stand-in.
    expect(refreshed.props.values.key_encrypted).toBe(standIn(hex(handKey)));
    expect(refreshed.inputs.values.key_encrypted).toBe(standIn(hex(handKey)));
    expect(diff.changes).toBe(true);
    expect(updated.outs.values.key_encrypted).toBe(standIn(hex(fileKey)));
    expect(after.props.values.key_encrypted).toBe(standIn(hex(fileKey)));
    expect(await live()).toEqual([fileKey.toString('hex')]);
  });

  it('SeedTable: the same, row by row', async () => {
    const { url, base, live } = await setup();
    const inputs = { ...base, rows: { 'name=ci': { name: 'ci', key_prefix: 'sk_test', key_encrypted: hex(fileKey) }, 'name=ops': { name: 'ops', key_prefix: 'sk_ops', key_encrypted: null } } };
    const first = await host('seedTable', [['create', inputs], ['diff', '$id', '$outs', inputs]]);
    assertNoSecrets(first.stdout + first.stderr, secrets, 'SeedTable create/diff');
    const [created, same] = first.results as any[];
    expect(created.outs.rows['name=ci'].key_encrypted).toBe(standIn(hex(fileKey)));
    expect(created.outs.rows['name=ops'].key_encrypted).toBeNull();
    expect(same.changes).toBe(false);

    await query(url, `UPDATE api_keys SET key_encrypted = decode($1, 'hex')`, [handKey.toString('hex')]);
    const second = await host('seedTable', [['read', created.id, created.outs], ['diff', '$id', '$outs', inputs], ['update', '$id', '$outs', inputs]]);
    assertNoSecrets(second.stdout + second.stderr, secrets, 'SeedTable refresh/diff/update');
    const [refreshed, diff, updated] = second.results as any[];
    expect(refreshed.props.rows['name=ci'].key_encrypted).toBe(standIn(hex(handKey)));
    expect(refreshed.props.rows['name=ops'].key_encrypted).toBe(standIn(hex(handKey)));
    expect(diff.changes).toBe(true);
    expect(updated.outs.rows['name=ci'].key_encrypted).toBe(standIn(hex(fileKey)));
    expect((await live()).sort()).toEqual([fileKey.toString('hex'), null].sort() as string[]);
  });
});
