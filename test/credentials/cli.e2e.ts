// End to end (npm run test:e2e): the `schemaop credentials` command as people run it, on local-kms
// and the real PostgreSQL: put from stdin, list, verify, a rotation to a new key killed halfway
// and run again, and no plaintext in any output.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOfMessage, openEnvelope } from '../../src/credentials/envelope';
import { parseKeyConfig } from '../../src/credentials/keys';
import { putAccountCredentials } from '../../src/credentials/store';
import { query } from '../support/db';
import { credentialsDb, CredentialsDb } from './support';
import { KMS_ENV, LocalKms, startLocalKms } from './local-kms';
import { missingTool } from '../support/tools';

const ROOT = path.resolve(__dirname, '../..');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `schemaop credentials ...` with `input` on stdin; `killWhen` kills it (SIGKILL) at the first stderr line that matches. */
function run(args: string[], env: Record<string, string>, input = '', killWhen?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/schemaop.js'), 'credentials', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (killWhen?.test(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(input);
  });
}

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

describe.skipIf(missingTool('local-kms', 'test/credentials/cli.e2e.ts'))('credentials under a KMS key (local-kms)', () => {
  let kms: LocalKms;
  let db: CredentialsDb;
  let key1: string;
  let key2: string;
  const plaintexts: string[] = [];
  const outputs: string[] = [];
  let base: Record<string, string>;
  const cli = async (args: string[], env: Record<string, string>, input = '', killWhen?: RegExp) => {
    const r = await run([...args, '--url', db.as('credentials'), '--env', db.env], { ...base, ...env }, input, killWhen);
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  beforeAll(async () => {
    Object.assign(process.env, KMS_ENV);
    [kms, db] = await Promise.all([startLocalKms(), credentialsDb()]);
    key1 = await kms.createKey('alias/schemaop-test');
    key2 = await kms.createKey();
    // The SDK's notice about Node.js 20 is not what these tests look at.
    base = { ...KMS_ENV, SCHEMAOP_KMS_ENDPOINT: kms.endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  });
  afterAll(async () => {
    await kms?.stop();
  });

  it('stores from stdin, lists, verifies, and a killed rotation finishes when run again', { timeout: 600_000 }, async () => {
    const k1 = { SCHEMAOP_KMS_KEY_ID: 'alias/schemaop-test' };
    const s = { apiKey: secret('bp-key'), secret: secret('bp-secret'), extra: { passphrase: secret('bp-pass') } };
    plaintexts.push(s.apiKey, s.secret, s.extra.passphrase);
    const put = await cli(['put', '--account', 'shared_backpack', '--exchange', 'backpack'], k1, JSON.stringify(s));
    expect(put.stderr).toBe('');
    expect(put.code).toBe(0);
    expect(put.stdout).toMatch(new RegExp(`^Stored account_exchange_credentials of shared_backpack on backpack \\(subaccount 0\\): row [0-9a-f-]{36}, under ${key1}\\n$`));
    // Secrets are never taken from argv; bad stdin is refused without echoing it.
    expect((await cli(['put', '--account', 'main_bot', '--exchange', 'lighter', '--secret', 'x'], k1)).code).toBe(64);
    const bad = await cli(['put', '--account', 'main_bot', '--exchange', 'lighter'], k1, `not json ${s.secret}`);
    expect([bad.code, bad.stderr]).toEqual([64, expect.stringContaining('stdin: expected a JSON object')]);

    // Enough rows for a rotation in several batches.
    const c = await db.session();
    const e1 = await openEnvelope(parseKeyConfig({ kmsKeyId: key1, kmsEndpoint: kms.endpoint, region: KMS_ENV.AWS_REGION }));
    for (let i = 0; i < 12; i++) {
      await query(db.url, `INSERT INTO accounts (account_name) VALUES ('bot_${i}')`);
      const v = { apiKey: secret(`k${i}`), secret: secret(`s${i}`) };
      plaintexts.push(v.apiKey, v.secret);
      await putAccountCredentials(c, e1, { account: `bot_${i}`, exchange: 'lighter', secrets: v });
    }
    await c.end();
    e1.close();
    const list = await cli(['list', '--format', 'json'], {});
    const rows = JSON.parse(list.stdout) as { account: string; keys: string[] }[];
    expect(rows.filter((r) => r.keys.includes(key1))).toHaveLength(13);

    const rotateEnv = { SCHEMAOP_KMS_KEY_ID: key2, SCHEMAOP_PREVIOUS_KMS_KEY_IDS: key1 };
    const killed = await cli(['rotate', '--batch-size', '2'], rotateEnv, '', /account_exchange_credentials: 4\/13 rows/);
    expect(killed.signal).toBe('SIGKILL');
    const under = async () => {
      const r = await query<{ v: string }>(db.url, 'SELECT api_key_encrypted AS v FROM account_exchange_credentials');
      return r.map((x) => keyOfMessage(Buffer.from(x.v, 'base64')));
    };
    const mid = await under();
    expect(mid.filter((k) => k === key2).length).toBeGreaterThanOrEqual(4);
    expect(mid.filter((k) => k === key1).length).toBeGreaterThan(0);
    const again = await cli(['rotate', '--batch-size', '2'], rotateEnv);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^\\d+ values: \\d+ re-encrypted under ${key2}, [1-9]\\d* already done\\n$`));
    expect(new Set(await under())).toEqual(new Set([key2]));
    // Only the new key is needed now.
    const ok = await cli(['verify'], { SCHEMAOP_KMS_KEY_ID: key2 });
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringMatching(/^(\d+) values checked, \1 decrypt\n$/)]);
    const old = await cli(['verify'], { SCHEMAOP_KMS_KEY_ID: key1 });
    expect(old.code).toBe(1);
    expect(old.stdout).toContain('FAILED account_exchange_credentials.api_key_encrypted of row');
  });

  it('never prints a secret', () => {
    const all = outputs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const p of plaintexts) expect(all).not.toContain(p);
  });
});
