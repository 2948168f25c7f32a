// The batch size of backfills is decided in one place (resolveLint, from the environment and the
// lint configuration) and reaches the plan through the CLI's project and the Pulumi Schema
// resource alike; how the backfills run is part of the plan's hash.
import { describe, expect, it } from 'vitest';
import { projectExtensions } from '../../src/cli/project';
import { plan } from '../../src/engine/plan';
import { resolveLint } from '../../src/lint/config';
import { schemaExtensions } from '../../src/providers/runtime/extensions';
import { freshDatabase } from '../support/db';
import { schemaDir } from '../support/schema';

describe('backfill batch size', () => {
  it('online environments batch by 10,000 rows unless the lint configuration says otherwise; dev and --online off run backfills in the transaction', () => {
    expect(resolveLint({}, {}, 'prod').backfillBatchRows).toBe(10_000);
    expect(resolveLint({}, {}, 'staging').backfillBatchRows).toBe(10_000);
    expect(resolveLint({}, {}, 'dev').backfillBatchRows).toBeUndefined();
    expect(resolveLint({}, { online: 'off' }, 'prod').backfillBatchRows).toBeUndefined();
    expect(resolveLint({ backfillBatchRows: { prod: 2_000 } }, {}, 'prod').backfillBatchRows).toBe(2_000);
    expect(resolveLint({ backfillBatchRows: { prod: 2_000 } }, {}, 'staging').backfillBatchRows).toBe(10_000);
    expect(resolveLint({ backfillBatchRows: 500 }, { online: 'on' }, 'dev').backfillBatchRows).toBe(500);
    expect(() => resolveLint({ backfillBatchRows: 0 } as never, {}, 'prod')).toThrow(/lint configuration: backfillBatchRows/);
  });

  it('the CLI and the Pulumi Schema resource pass the same batch size to the plan', async () => {
    for (const env of ['dev', 'staging', 'prod'] as const) {
      const cli = await projectExtensions({ env, schema: await schemaDir({}) });
      const pulumi = await schemaExtensions({ environment: env, lint: {} });
      expect(cli.backfillBatchRows, env).toBe(resolveLint({}, {}, env).backfillBatchRows);
      expect(pulumi.backfillBatchRows, env).toBe(cli.backfillBatchRows);
    }
  });

  it('the plan states the batch size, and a plan reviewed with another one has another hash', async () => {
    const url = await freshDatabase('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 10);');
    const dir = await schemaDir({ '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, n int);', 'backfills/n.sql': '-- schemaop:backfill t_n\nUPDATE t SET n = id WHERE n IS NULL;\n' });
    const inTx = await plan({ url, schemaDir: dir });
    const batched = await plan({ url, schemaDir: dir, backfillBatchRows: 10_000 });
    const smaller = await plan({ url, schemaDir: dir, backfillBatchRows: 100 });
    expect(inTx.backfillBatchRows).toBeUndefined();
    expect(batched.backfillBatchRows).toBe(10_000);
    expect(new Set([inTx.hash, batched.hash, smaller.hash]).size).toBe(3);
    // Without a backfill the batch size changes nothing.
    const none = await schemaDir({ '10.sql': 'CREATE TABLE t (id int PRIMARY KEY, n int);' });
    expect((await plan({ url, schemaDir: none, backfillBatchRows: 100 })).hash).toBe((await plan({ url, schemaDir: none })).hash);
  });
});
