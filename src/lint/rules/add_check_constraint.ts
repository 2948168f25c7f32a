import { BLOCKS, type Rule } from '../types';
import { changesOf, checkExpression, constraintNode, failing, tableOf, validatedInSamePhase } from './util';

export const addCheckConstraint: Rule = {
  id: 'add_check_constraint',
  summary: 'CHECK constraint validated on an existing table while its ACCESS EXCLUSIVE lock is held',
  levels: BLOCKS,
  safeAlternative: 'ADD CONSTRAINT ... NOT VALID in one transaction, VALIDATE CONSTRAINT in another (it only takes SHARE UPDATE EXCLUSIVE); the online-safe plan does it',
  doc: 'Without NOT VALID (or with VALIDATE in the same transaction) every row is checked while reads and writes wait.',
  seeAlso: { squawk: 'constraint-missing-not-valid', atlas: 'MF (data-dependent)', pgSchemaDiff: 'ACQUIRES_ACCESS_EXCLUSIVE_LOCK' },
  examples: {
    unsafe: [['ALTER TABLE public.t ADD CONSTRAINT t_n_positive CHECK (n > 0)'], ['ALTER TABLE public.t ADD CONSTRAINT c CHECK (n > 0) NOT VALID', 'ALTER TABLE public.t VALIDATE CONSTRAINT c']],
    safe: [['ALTER TABLE public.t ADD CONSTRAINT c CHECK (n > 0) NOT VALID'], ['CREATE TABLE public.t (n int)', 'ALTER TABLE public.t ADD CONSTRAINT c CHECK (n > 0)']],
  },
  async check(ctx) {
    const out = [];
    for (const c of changesOf(ctx, 'add_constraint')) {
      const k = constraintNode(c);
      const { table } = tableOf(c.object);
      if (k.contype !== 'CONSTR_CHECK' || !ctx.existed(table)) continue;
      if (k.skip_validation && !validatedInSamePhase(ctx, c)) continue;
      let data = '';
      const expr = checkExpression(c.statement.sql);
      const n = ctx.live && expr ? await ctx.live.matching(table, `NOT (${expr})`) : undefined;
      if (ctx.live && expr) data = failing(n, 'violates it', 'violate it');
      out.push({ statement: c.index, object: c.object, message: `validates CHECK ${c.object} on ${table} under an ACCESS EXCLUSIVE lock.${data}`, data: n && [n] });
    }
    return out;
  },
};
