// The platform's real schema history under production safety settings: each change plans with
// online-safe steps, lints without a blocking finding, applies and converges.
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/plan';
import { PROJECT_SCHEMA, scenarioDatabase } from '../support/schema';
import { applySafe, planSafe } from './support';

describe('seed scenarios in production (online-safe plans on)', () => {
  it.concurrent.each(['credentials', 'exchanges', 'multi_account', 'social_login'])('%s', async (name) => {
    const url = await scenarioDatabase(name);
    const p = await planSafe(url, PROJECT_SCHEMA, { online: 'on' });
    const blocking = p.findings.filter((f) => f.level === 'block' && !f.allowedBy);
    expect(blocking.map((f) => `${f.rule} ${f.object}: ${f.message}`)).toEqual([]);
    const r = await applySafe(url, PROJECT_SCHEMA, { online: 'on' });
    expect(r.applied).toBe(true);
    expect((await plan({ url, schemaDir: PROJECT_SCHEMA, full: true })).statements.map((s) => s.sql)).toEqual([]);
  });
});
