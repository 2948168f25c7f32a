// The Pulumi program passes the values of secret seed columns as Pulumi secrets (Pulumi encrypts
// them in the state's inputs and shows `[secret]` in a preview) and tells the seed providers which
// columns are secret: the dev stack under Pulumi's mocks, on a copy of the repository's project
// that seeds an API key.
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/db';
import { MockRun, devOutputs, runProgram, stackFileConfig } from '../pulumi/mocks';
import { project } from '../seeds/project';

const T = (t: string) => `pulumi-nodejs:dynamic/schemaop:${t}`;
const key = `\\x${randomBytes(32).toString('hex')}`;
let run: MockRun;

beforeAll(async () => {
  const pr = await project(
    {
      'seeds/30_users.yaml': 'table: users\nkey: cognito_user_id\nrows:\n  - {cognito_user_id: secrets-test}\n',
      'seeds/40_api_keys.yaml': `table: api_keys\nkey: id\nrows:\n  - {id: ${randomUUID()}, user_id: 1, name: ci, key_prefix: sk_test, key_hash: "${randomBytes(20).toString('hex')}", key_encrypted: "\\\\x${key.slice(2)}"}\n`,
    },
    { copy: ['schema', 'seeds', 'access'] },
  );
  const dbUrl = await freshDatabase();
  const config = stackFileConfig('dev');
  const database = { ...JSON.parse(config['schemaop:database']), schemaDir: path.join(pr.root, 'schema'), seedsDir: path.join(pr.root, 'seeds'), accessDir: path.join(pr.root, 'access') };
  run = await runProgram({
    stack: 'dev',
    preview: true,
    config: { ...config, 'schemaop:database': JSON.stringify(database) },
    outputs: devOutputs(dbUrl),
  });
}, 120_000);

describe('dev stack with a seeded API key', () => {
  it('passes the secret columns as Pulumi secrets, and names them to the provider', () => {
    const row = run.byType(T('SeedRow')).find((r) => r.name.startsWith('seed:public.api_keys:'));
    expect(row).toBeDefined();
    expect(row!.inputs.secret).toEqual(['key_encrypted', 'key_hash']);
    expect(row!.secretPaths.sort()).toEqual(['values.key_encrypted', 'values.key_hash']);
    expect(row!.inputs.values).toMatchObject({ key_prefix: 'sk_test', key_encrypted: key });
    // A table without secret columns: nothing hidden.
    const exchange = run.byType(T('SeedRow')).find((r) => r.name === 'seed:public.exchanges:name=binance');
    expect(exchange!.inputs.secret).toEqual([]);
    expect(exchange!.secretPaths).toEqual([]);
  });
});
