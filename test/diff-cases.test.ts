// The differ's convergence corpus (test/support/cases.ts) with the built-in engine.
import { describe, it } from 'vitest';
import { cases, runCase } from './support/cases';

/**
 * Cases the engine cannot make converge yet, each with precisely why. They run as `it.fails`: the
 * case must still fail, so a fix is noticed (and the entry removed).
 */
const KNOWN: Record<string, { why: string }> = {};

describe.concurrent('diff cases', () => {
  for (const name of cases) {
    if (KNOWN[name]) it.fails(name, () => runCase(name));
    else it(name, () => runCase(name));
  }
});
