// No secret in any report, from the command line as a user runs it: a copy of the repository's
// project seeds an API key (api_keys.key_encrypted, bytea; key_hash, a column the access model does
// not list as readable), the command connects with a login whose password is known, and the key
// is changed by hand in the database. Every output of plan, apply and drift, in text, JSON and
// Markdown (the review comment posted to pull requests), is searched for both keys' values (as
// written, as bytea hex, as base64, or any 12 characters of them) and for the password.
import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseOf } from '../../src/db/url';
import { fingerprint } from '../../src/seeds/secret-values';
import { schemaop } from '../support/cli';
import { freshDatabase, query } from '../support/db';
import { assertNoSecrets } from '../support/secrets';
import { project, Project } from '../seeds/project';

const FORMATS = ['text', 'json', 'markdown'] as const;

// Each test runs the command several times, on a machine that may be busy.
const CLI_TIMEOUT = 600_000;

describe('secret values and passwords in reports', () => {
  let url: string;
  let pr: Project;
  let env: string;
  let login: string;
  const password = `pw!${randomBytes(12).toString('hex')}`;
  // The file's key, the one written by hand, and the key hashes of both.
  const fileKey = randomBytes(32);
  const handKey = randomBytes(32);
  const fileHash = randomBytes(20).toString('hex');
  const handHash = randomBytes(20).toString('hex');
  const id = randomUUID();
  const secrets = () => [fileKey, handKey, fileHash, handHash, password];

  const run = (args: string[]) => schemaop([...args, '--url', url, '--schema', pr.schemaDir, '-q'], { SCHEMAOP_ENV: env });
  /** Every format of `command`: each output checked, and the outputs returned for more checks. */
  async function everyFormat(command: 'plan' | 'drift'): Promise<Record<(typeof FORMATS)[number], string>> {
    const out = {} as Record<(typeof FORMATS)[number], string>;
    for (const format of FORMATS) {
      const r = await run([command, '--format', format]);
      out[format] = r.stdout + r.stderr;
      assertNoSecrets(out[format], secrets(), `schemaop ${command} --format ${format}`);
    }
    return out;
  }

  beforeAll(async () => {
    const admin = await freshDatabase();
    env = databaseOf(admin);
    login = `secrets_${env}`.slice(0, 60);
    await query(admin, `CREATE ROLE "${login}" LOGIN SUPERUSER PASSWORD '${password}'`);
    const u = new URL(admin);
    u.username = login;
    u.password = encodeURIComponent(password);
    url = u.toString();
    pr = await project(
      {
        'seeds/30_users.yaml': 'table: users\nkey: cognito_user_id\nrows:\n  - {cognito_user_id: secrets-test, email: secrets@example.com}\n',
        'seeds/40_api_keys.yaml': apiKeys(fileKey, fileHash),
      },
      { copy: ['schema', 'seeds', 'access'] },
    );
  });
  /** The seed file of one API key; user_id is looked up by the seeded user's id (1, the first identity). */
  function apiKeys(key: Buffer, hash: string): string {
    return `table: api_keys\nkey: id\nrows:\n  - {id: ${id}, user_id: 1, name: ci, key_prefix: sk_test, key_hash: "${hash}", key_encrypted: "\\\\x${key.toString('hex')}"}\n`;
  }

  it('a plan that inserts the key shows no value of it, in text, JSON and Markdown', async () => {
    const out = await everyFormat('plan');
    expect(out.text).toMatch(/\+ api_keys id=/);
    // The review lists the inserted row's fields: the secret ones as stand-ins.
    expect(out.markdown).toContain(`(secret) ${fingerprint(`\\x${fileKey.toString('hex')}`)}`);
    expect(out.markdown).toContain(`(secret) ${fingerprint(fileHash)}`);
    expect(out.markdown).toContain('sk_test'); // a readable column is shown as it is
    const json = JSON.parse(out.json);
    const seeds = json.stages.find((s: { stage: string }) => s.stage === 'seeds').changes.tables.find((t: { table: string }) => t.table === 'public.api_keys');
    expect(seeds.secret).toEqual(expect.arrayContaining(['key_encrypted', 'key_hash']));
    expect(seeds.insert[0].values).toMatchObject({ key_prefix: 'sk_test', key_encrypted: expect.stringMatching(/^\(secret\) sha256:[0-9a-f]{8}$/) });
    const apply = await run(['apply', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    assertNoSecrets(apply.stdout + apply.stderr, secrets(), 'schemaop apply');
    // The file's key is what the database holds.
    expect(await query(url, `SELECT encode(key_encrypted, 'hex') AS k, key_hash FROM api_keys`)).toEqual([{ k: fileKey.toString('hex'), key_hash: fileHash }]);
  }, CLI_TIMEOUT);

  it('a key changed by hand: drift and the plan say "changed (secret)" with hash prefixes, never a value', async () => {
    await query(url, `UPDATE api_keys SET key_encrypted = decode($1, 'hex'), key_hash = $2`, [handKey.toString('hex'), handHash]);
    const drift = await everyFormat('drift');
    const change = `changed (secret) ${fingerprint(`\\x${handKey.toString('hex')}`)} → ${fingerprint(`\\x${fileKey.toString('hex')}`)}`;
    expect(drift.text).toContain(`key_encrypted: ${change}`);
    expect(drift.text).toContain(`key_hash: changed (secret) ${fingerprint(handHash)} → ${fingerprint(fileHash)}`);
    expect(JSON.parse(drift.json).seeds).toEqual([
      expect.objectContaining({ table: 'public.api_keys', kind: 'edited', fields: expect.arrayContaining([expect.objectContaining({ field: 'key_encrypted', secret: true, live: expect.stringMatching(/^\(secret\) /) })]) }),
    ]);
    expect(drift.markdown).toContain('key_encrypted');
    expect(drift.markdown).toContain('(secret)');

    const plan = await everyFormat('plan');
    expect(plan.text).toContain(`key_encrypted: ${change}`);
    expect(plan.markdown).toContain('key_encrypted');
    expect(plan.markdown).toContain(`(secret) ${fingerprint(`\\x${handKey.toString('hex')}`)}`);

    const apply = await run(['apply', '--auto-approve']);
    expect(apply.code, apply.stderr).toBe(0);
    assertNoSecrets(apply.stdout + apply.stderr, secrets(), 'schemaop apply');
    expect(await query(url, `SELECT encode(key_encrypted, 'hex') AS k FROM api_keys`)).toEqual([{ k: fileKey.toString('hex') }]);
    expect((await run(['drift'])).code).toBe(0);
  }, CLI_TIMEOUT);

  it('an error about the connection or a value names neither the password nor the value', async () => {
    // A key that does not fit bytea: PostgreSQL's message quotes the value it could not read.
    const bad = `\\\\x${fileKey.toString('hex')}zz`;
    await pr.write('seeds/40_api_keys.yaml', apiKeys(fileKey, fileHash).replace(/key_encrypted: "[^"]*"/, `key_encrypted: "${bad}"`));
    for (const format of FORMATS) {
      const r = await run(['plan', '--format', format]);
      expect(r.code).not.toBe(0);
      assertNoSecrets(r.stdout + r.stderr, secrets(), `schemaop plan --format ${format} (a value that does not fit)`);
    }
    await pr.write('seeds/40_api_keys.yaml', apiKeys(fileKey, fileHash));
    // A wrong password: the message says so without repeating it.
    const wrong = new URL(url);
    wrong.password = encodeURIComponent(`${password}x`);
    for (const command of ['plan', 'drift']) {
      const r = await schemaop([command, '--url', wrong.toString(), '--schema', pr.schemaDir, '-q'], { SCHEMAOP_ENV: env });
      expect(r.code).toBe(3);
      assertNoSecrets(r.stdout + r.stderr, secrets(), `schemaop ${command} with a wrong password`);
    }
  }, CLI_TIMEOUT);
});
