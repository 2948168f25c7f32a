// The whole before/after case corpus with online-safe plans on (the default in staging and prod):
// every case that converges with them off must converge with them on. A case is first run with
// them on; only when it does not converge is it run again with them off, to tell a broken online
// rewrite (off converges: the test fails) from a case the engine cannot do either way (reported).
// SCHEMAOP_CASES_BOTH=1 runs every case both ways, for the counts.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../src/engine/retry';
import { onlineSafeTransform } from '../src/transforms/online';
import { caseNames, caseOutcome } from './support/cases';

const online = { transforms: [onlineSafeTransform(DEFAULT_RETRY)] };
const both = process.env.SCHEMAOP_CASES_BOTH === '1';
const results = new Map<string, { on: boolean; off?: boolean }>();

afterAll(() => {
  const all = [...results.values()];
  const on = all.filter((r) => r.on).length;
  const neither = [...results].filter(([, r]) => !r.on && r.off === false).map(([n]) => n);
  const off = both ? all.filter((r) => r.off).length : undefined;
  console.log(
    `case corpus: ${on}/${all.length} converge with online-safe plans on` +
      (off === undefined ? '' : `, ${off}/${all.length} with them off`) +
      (neither.length ? `; not converging either way: ${neither.join(', ')}` : ''),
  );
});

describe.concurrent('diff cases, online-safe plans on', () => {
  for (const name of caseNames()) {
    it(name, async () => {
      const on = await caseOutcome(name, online);
      const off = both || on ? (await caseOutcome(name)) === undefined : undefined;
      results.set(name, { on: on === undefined, off });
      if (on !== undefined && off) expect.fail(`converges with online-safe plans off, not with them on: ${on}`);
    }, 600_000); // a case may run twice (on, then off), on a loaded machine
  }
});
