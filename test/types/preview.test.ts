// The Schema resource's preview (what `pulumi preview` shows and the policy pack reads) reports
// stale generated types like `schemaop plan`: run from a copy of the project whose schema/ was
// edited, as Pulumi runs the program from the project folder.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesiredSchema } from '../../src/engine/source';
import { previewPlan } from '../../src/providers/runtime/schema';
import { freshDatabase } from '../support/db';
import { projectCopy } from './project';

const cwd = process.cwd();
afterAll(() => process.chdir(cwd));

describe('pulumi preview of the Schema resource', () => {
  it('shows types_stale, blocking outside dev', async () => {
    const dir = await projectCopy();
    const file = path.join(dir, 'schema/30_exchanges.sql');
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('display_name           varchar(100),', 'display_name           varchar(120),'));
    process.chdir(dir);
    const url = new URL(await freshDatabase());
    process.env.SCHEMAOP_TEST_TYPES_PASSWORD = decodeURIComponent(url.password);
    const target = { host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), database: url.pathname.slice(1), sslmode: 'disable' as const, credentials: { kind: 'env' as const, variable: 'SCHEMAOP_TEST_TYPES_PASSWORD' } };
    const desired = await loadDesiredSchema('schema');
    const plan = await previewPlan({ target, schemaDir: 'schema', desiredHash: desired.hash, engine: 'builtin', lockTimeoutMs: 5000, statementTimeoutMs: 0, dropOnDelete: false, environment: 'staging', lint: {} });
    expect(plan.findings.filter((f) => f.rule === 'types_stale').map((f) => `${f.level} ${f.object}`)).toEqual(['block generated/drizzle/schema.ts', 'block generated/python/models.py']);
    expect(plan.findings.find((f) => f.rule === 'types_stale')!.message).toContain(`expected "    displayName: varchar('display_name', { length: 120 }),"`);
  });
});
