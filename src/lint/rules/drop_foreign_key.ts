import { BLOCKS_IN_PROD, type Rule } from '../types';
import { changesOf, constraintNode, recreatedLater } from './util';

export const dropForeignKey: Rule = {
  id: 'drop_foreign_key',
  summary: 'drops a foreign key: the database stops guarding the reference',
  levels: BLOCKS_IN_PROD,
  safeAlternative: 'keep the constraint; a foreign key recreated in the same plan (changed ON DELETE, say) is only a warning',
  doc: 'Orphan rows can appear from then on, and the constraint cannot be added back validated until they are cleaned up.',
  seeAlso: { atlas: 'CD101 (foreign key dropped)' },
  examples: { unsafe: [['ALTER TABLE public.orders DROP CONSTRAINT orders_user_fk']], safe: [['ALTER TABLE public.orders DROP CONSTRAINT orders_total_check']] },
  check(ctx) {
    const out = [];
    for (const c of changesOf(ctx, 'drop_constraint')) {
      // Which kind of constraint it is, only the live catalog says (in the policy pack, the plan's
      // carried findings decide).
      if (ctx.live?.constraints.get(c.object)?.type !== 'f') continue;
      const again = recreatedLater(ctx, c, ['add_constraint']) && ctx.changes.some((a) => a.index > c.index && a.kind === 'add_constraint' && a.object === c.object && constraintNode(a).contype === 'CONSTR_FOREIGN');
      out.push({ statement: c.index, object: c.object, message: again ? `recreates foreign key ${c.object} (its definition changed)` : `drops foreign key ${c.object}`, downgrade: again });
    }
    return out;
  },
};
