// A plan is a function of the live and the desired schema: built twice, for two databases in the
// same state, each against its own scratch database, it is the same plan (the same hash), with
// and without online-safe steps. A catalog read in physical order, not in a stated one, made the
// plan reviewed at preview differ from the one re-planned at apply.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../src/engine/plan';
import { planSafe } from './lint/support';
import { PROJECT_SCHEMA, scenarioDatabase } from './support/schema';

const SCENARIOS = fs.readdirSync(path.join(__dirname, 'scenarios'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe.concurrent('the same state planned twice', () => {
  it.each(SCENARIOS)('%s: the same plan', async (name) => {
    const [a, b] = await Promise.all([scenarioDatabase(name), scenarioDatabase(name)]);
    const [pa, pb] = await Promise.all([plan({ url: a, schemaDir: PROJECT_SCHEMA }), plan({ url: b, schemaDir: PROJECT_SCHEMA })]);
    expect(pa.statements.length).toBeGreaterThan(0);
    expect(pb.statements.map((s) => s.sql)).toEqual(pa.statements.map((s) => s.sql));
    expect(pb.hash).toBe(pa.hash);
    const [oa, ob] = await Promise.all([planSafe(a, PROJECT_SCHEMA, { online: 'on' }), planSafe(b, PROJECT_SCHEMA, { online: 'on' })]);
    expect(ob.statements.map((s) => s.sql)).toEqual(oa.statements.map((s) => s.sql));
    expect(ob.hash).toBe(oa.hash);
  }, 300_000);
});
