// The Pulumi program leaves an excluded table alone as the CLI does: `schemaop:exclude` reaches
// the Schema and Access resources, and a seed file of an excluded table makes no seed resource
// (its rows are never written, updated or deleted by the stack). The dev stack under Pulumi's mocks.
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/db';
import { MockRun, ROOT, devOutputs, runProgram, stackFileConfig } from '../pulumi/mocks';

const T = (t: string) => `pulumi-nodejs:dynamic/schemaop:${t}`;
let run: MockRun;

beforeAll(async () => {
  const dbUrl = await freshDatabase();
  const config = stackFileConfig('dev');
  const database = { ...JSON.parse(config['schemaop:database'] ?? '{}'), schemaDir: path.join(ROOT, 'schema'), seedsDir: path.join(ROOT, 'seeds'), accessDir: path.join(ROOT, 'access') };
  run = await runProgram({
    stack: 'dev',
    preview: true,
    config: { ...config, 'schemaop:database': JSON.stringify(database), 'schemaop:exclude': JSON.stringify(['public.dexes']) },
    outputs: devOutputs(dbUrl),
  });
}, 120_000);

describe('a dev stack that excludes a seeded table', () => {
  it('makes no seed resource for it, and keeps the other seed files', () => {
    const seeds = [...run.byType(T('SeedRow')), ...run.byType(T('SeedTable'))].map((r) => r.inputs.table as string);
    expect(seeds).not.toContain('public.dexes');
    expect(seeds).toContain('public.exchanges');
  });

  it('passes the exclusion to the schema plan and to the grants', () => {
    expect(run.one(T('Schema')).inputs.exclude).toEqual(['public.dexes']);
    expect(run.one(T('Access')).inputs.exclude).toEqual(['public.dexes']);
  });
});
