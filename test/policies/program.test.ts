// The whole path a reviewer relies on: the Pulumi program (under mocks) plans schema/ against a
// real database that needs a destructive change, the Schema resource carries that plan, and the
// policy pack, given that resource's inputs, blocks the update until a reviewed allowance names it.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_TYPES } from '../../policies/schema-input';
import { migrationSafety } from '../../policies/schema-policy';
import { freshDatabase } from '../support/db';
import { devOutputs, runProgram, stackFileConfig } from '../pulumi/mocks';
import { resourceArgs, runResourcePolicy } from './harness';

const T = (t: string) => `pulumi-nodejs:dynamic/schemaop:${t}`;
let url: string;
/** The dev stack's embedded-server folder: the Schema resource's target reads the password from it. */
let localDir: string;

/** Previews the dev stack (strict about dropped tables) against `url`; returns the Schema resource's inputs. */
async function previewSchema(allow: { rule: string; object: string; reason: string }[] = []): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const u = new URL(url);
  const config = stackFileConfig('dev');
  config['schemaop:local'] = JSON.stringify({ ...JSON.parse(config['schemaop:local'] ?? '{}'), dir: localDir, port: Number(u.port) });
  config['schemaop:lint'] = JSON.stringify({ ...JSON.parse(config['schemaop:lint'] ?? '{}'), rules: { drop_table: 'block' }, allow });
  const run = await runProgram({
    stack: 'dev',
    preview: true,
    config,
    outputs: devOutputs(url),
  });
  return run.one(T('Schema')).inputs;
}

beforeAll(async () => {
  // A database with a table that schema/ no longer declares: the plan must drop it.
  url = await freshDatabase('CREATE TABLE legacy_orders (id int PRIMARY KEY); INSERT INTO legacy_orders VALUES (1), (2);');
  // The embedded server "exists" (cluster.json and data/PG_VERSION, as `schemaop db start` leaves
  // them) and its superuser password is the test database's: the program can compute the plan.
  const u = new URL(url);
  localDir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-policy-dev-'));
  await fs.mkdir(path.join(localDir, 'data'));
  await fs.writeFile(path.join(localDir, 'data', 'PG_VERSION'), '16\n');
  await fs.writeFile(path.join(localDir, 'cluster.json'), JSON.stringify({ user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), port: Number(u.port) }));
}, 120_000);

describe('policy pack on the Schema resource of the program', () => {
  it('the previewed plan drops the table, and the pack blocks it with a mandatory violation', async () => {
    const inputs = await previewSchema();
    const drops = inputs.plan.statements.filter((s: { kind: string }) => s.kind === 'drop_table');
    expect(drops.map((s: { object: string }) => s.object)).toEqual(['public.legacy_orders']);
    const v = await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA_TYPES[0], inputs));
    expect(v).toEqual([expect.stringMatching(/^BLOCKED drop_table on public\.legacy_orders/)]);
    expect(v[0]).toMatch(/2 rows/);
  });

  it('passes once the stack carries a reviewed allowance for exactly that table, and only that one', async () => {
    const allowed = await previewSchema([{ rule: 'drop_table', object: 'public.legacy_orders', reason: 'orders moved to the ledger service (PR 412)' }]);
    expect(await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA_TYPES[0], allowed))).toEqual([]);
    const other = await previewSchema([{ rule: 'drop_table', object: 'public.other', reason: 'not this one' }]);
    expect(await runResourcePolicy(migrationSafety, resourceArgs(SCHEMA_TYPES[0], other))).toHaveLength(1);
  });
});
