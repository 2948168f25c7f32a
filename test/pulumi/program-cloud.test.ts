// The staging and prod stacks (Pulumi.staging.yaml, Pulumi.prod.yaml) under Pulumi's mocks: a KMS
// key with rotation and a key policy limited to the account and the application, RDS encrypted
// with it, and the database resources on top; prod keeps its data (deletion protection, a final
// snapshot, the instance protected from `pulumi destroy`), staging may be torn down.
import { beforeAll, describe, expect, it } from 'vitest';
import { MockRun } from './mocks';
import { expectCloudBasics, runCloudStack } from './program-cloud';

const runs: Partial<Record<'staging' | 'prod', MockRun>> = {};
beforeAll(async () => {
  runs.staging = await runCloudStack('staging');
  runs.prod = await runCloudStack('prod');
}, 120_000);

describe.each(['staging', 'prod'] as const)('%s stack', (stack) => {
  it('declares the key, the encrypted instance and the database resources', () => {
    expectCloudBasics(runs[stack]!, stack);
  });
});

describe('prod stack', () => {
  it('keeps production data: deletion protection, a final snapshot, Multi-AZ, no drop on delete', () => {
    const run = runs.prod!;
    const db = run.one('aws:rds/instance:Instance');
    expect(db.inputs).toMatchObject({ deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: 'schemaop-prod-final', multiAz: true, deleteAutomatedBackups: false });
    expect(db.protect).toBe(true);
    expect(run.one('pulumi-nodejs:dynamic/schemaop:Schema').inputs.dropOnDelete).toBe(false);
  });
});

describe('staging stack', () => {
  it('may be torn down: no deletion protection, no final snapshot', () => {
    const db = runs.staging!.one('aws:rds/instance:Instance');
    expect(db.inputs).toMatchObject({ deletionProtection: false, skipFinalSnapshot: true });
    expect(db.inputs.finalSnapshotIdentifier).toBeUndefined();
    expect(db.protect).toBe(false);
  });
});
