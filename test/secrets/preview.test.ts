// `schemaop report --preview` (the pull-request comment of a stack's `pulumi preview --json`) shows
// no secret seed value: a SeedRow's old inputs from a state written before the providers kept
// stand-ins hold the live key; its new inputs hold Pulumi's `[secret]`. The comment names the
// changed column with stand-ins, never the key.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { standIn } from '../../src/seeds/secret-values';
import { schemaop } from '../support/cli';
import { assertNoSecrets } from '../support/secrets';

const SEED_ROW = 'pulumi-nodejs:dynamic/schemaop:SeedRow';

describe('report --preview', () => {
  it('shows a secret column of a seed row as a stand-in, whatever the state held', async () => {
    const key = `\\x${randomBytes(32).toString('hex')}`;
    const urn = `urn:pulumi:dev::schemaop::${SEED_ROW}::seed:public.api_keys:name=ci`;
    const base = { target: {}, file: 'seeds/40_api_keys.yaml', table: 'public.api_keys', key: ['name'], referenced: 'refuse', unlisted: 'keep', secret: ['key_encrypted'] };
    const state = (values: Record<string, unknown>) => ({ urn, type: SEED_ROW, inputs: { ...base, values }, outputs: { ...base, values } });
    const preview = {
      steps: [{ op: 'update', urn, oldState: state({ name: 'ci', key_prefix: 'sk_old', key_encrypted: key }), newState: state({ name: 'ci', key_prefix: 'sk_new', key_encrypted: '[secret]' }) }],
      changeSummary: { update: 1 },
    };
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-preview-'));
    await fs.writeFile(path.join(dir, 'preview.json'), JSON.stringify(preview));
    const r = await schemaop(['report', '--preview', path.join(dir, 'preview.json'), '--stack', 'dev']);
    expect(r.code, r.stderr).toBe(2);
    assertNoSecrets(r.stdout + r.stderr, [Buffer.from(key.slice(2), 'hex')], 'schemaop report --preview');
    expect(r.stdout).toMatch(/\| `key_encrypted` \| `\(secret\) sha256:[0-9a-f]{8}` \| `"\[secret\]"` \|/);
    expect(r.stdout).toContain(String(standIn(key)));
    expect(r.stdout).toContain('`"sk_new"`');
  });
});
