// The Pulumi path of a declared backfill in a prod stack: the plan the program previews (and
// `pulumi preview --save-plan` keeps) says "in batches of 10,000 rows", and the Schema provider,
// serialised as `pulumi up` does and run by a fresh node process as the provider host runs it,
// applies exactly that plan: its hash (which covers the batch size) is checked under the apply
// lock, and the rows carry one transaction id per batch of 10,000.
/* eslint-disable @typescript-eslint/no-explicit-any -- the provider host's results are untyped property bags */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDesiredSchema } from '../../src/engine/source';
import { previewPlan, type SchemaInputs } from '../../src/providers/runtime/schema';
import { freshDatabase, query } from '../support/db';
import { schemaDir } from '../support/schema';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const PULUMI_TESTS = path.join(ROOT, 'test/pulumi');
let providerFile: string;

beforeAll(async () => {
  const { stdout } = await run(process.execPath, [path.join(PULUMI_TESTS, 'serialize-providers.js')], { cwd: ROOT, maxBuffer: 1 << 24 });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schemaop-backfill-provider-'));
  providerFile = path.join(dir, 'schema.js');
  await fs.writeFile(providerFile, JSON.parse(stdout).schema);
}, 120_000);

describe('Pulumi Schema provider: a backfill of a prod stack', () => {
  it('the saved preview plan says batches of 10,000 rows, and the serialised provider applies that plan in batches of 10,000 rows', async () => {
    const ROWS = 50_000;
    const url = await freshDatabase(`CREATE TABLE big (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a int NOT NULL); INSERT INTO big (a) SELECT generate_series(1, ${ROWS});`);
    const dir = await schemaDir({
      '10_big.sql': 'CREATE TABLE big (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a int NOT NULL, d int);',
      'backfills/big_d.sql': '-- schemaop:backfill big_d\nUPDATE big SET d = a + 1 WHERE d IS NULL;\n',
    });
    // The password reaches the provider host as an environment variable, never as an input.
    const u = new URL(url);
    process.env.SCHEMAOP_BACKFILL_TEST_PASSWORD = decodeURIComponent(u.password);
    const target = { host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), database: u.pathname.slice(1), sslmode: 'disable', credentials: { kind: 'env', variable: 'SCHEMAOP_BACKFILL_TEST_PASSWORD' } };
    const base = { target, schemaDir: dir, desiredHash: (await loadDesiredSchema(dir)).hash, engine: 'builtin', lockTimeoutMs: 5000, statementTimeoutMs: 0, dropOnDelete: false, environment: 'prod', lint: {} } as unknown as SchemaInputs;

    // What the program previews: the plan travels in the resource's inputs (and in a saved plan file).
    const preview = await previewPlan(base);
    expect(preview).toMatchObject({ changes: true, backfillBatchRows: 10_000, backfills: [{ id: 'big_d' }] });
    const saved = path.join(path.dirname(providerFile), 'plan.json');
    await fs.writeFile(saved, JSON.stringify({ ...base, plan: preview }));

    const env = { ...process.env, NODE_OPTIONS: '' };
    const { stdout } = await run(process.execPath, [path.join(PULUMI_TESTS, 'run-serialized.js'), providerFile, JSON.stringify([['create', JSON.parse(await fs.readFile(saved, 'utf8'))]])], { cwd: ROOT, env, maxBuffer: 1 << 24 });
    const [created] = JSON.parse(stdout) as any[];
    expect(created.outs).toMatchObject({ inSync: true, appliedPlanHash: preview.hash });

    const [{ xmins, left }] = await query<{ xmins: number; left: number }>(url, 'SELECT count(DISTINCT xmin::text)::int AS xmins, count(*) FILTER (WHERE d IS NULL)::int AS left FROM big');
    expect(left).toBe(0);
    expect(xmins).toBe(ROWS / 10_000);
    expect(await query(url, 'SELECT id, rows::int FROM schemaop.backfills')).toEqual([{ id: 'big_d', rows: ROWS }]);
  });
});
