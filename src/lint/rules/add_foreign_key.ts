import { BLOCKS, type Rule } from '../types';
import { changesOf, constraintNode, failing, nameList, tableOf, validatedInSamePhase } from './util';
import { rangeVarKey } from '../../pg/node';

export const addForeignKey: Rule = {
  id: 'add_foreign_key',
  summary: 'FOREIGN KEY validated on an existing table while its lock (on both tables) is held',
  levels: BLOCKS,
  safeAlternative: 'ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a separate transaction; the online-safe plan does it',
  doc: 'Validation scans the table holding SHARE ROW EXCLUSIVE on it and on the referenced table: writes to both wait.',
  seeAlso: { squawk: 'adding-foreign-key-constraint', atlas: 'MF (data-dependent)', pgSchemaDiff: 'ACQUIRES_SHARE_ROW_EXCLUSIVE_LOCK' },
  examples: {
    unsafe: [['ALTER TABLE public.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES public.users(id)']],
    safe: [['ALTER TABLE public.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES public.users(id) NOT VALID']],
  },
  async check(ctx) {
    const out = [];
    for (const c of changesOf(ctx, 'add_constraint')) {
      const k = constraintNode(c);
      const { table } = tableOf(c.object);
      if (k.contype !== 'CONSTR_FOREIGN' || !ctx.existed(table)) continue;
      if (k.skip_validation && !validatedInSamePhase(ctx, c)) continue;
      let data = '';
      const ref = rangeVarKey(k.pktable);
      const cols = nameList(k.fk_attrs);
      const refCols = nameList(k.pk_attrs);
      const n = ctx.live && refCols.length ? await ctx.live.orphans(table, cols, ref, refCols) : undefined;
      if (ctx.live && refCols.length) data = failing(n, `has no matching row in ${ref}`, `have no matching row in ${ref}`);
      out.push({ statement: c.index, object: c.object, message: `validates FOREIGN KEY ${c.object} (${cols.join(', ')}) → ${ref} while writes to both tables wait.${data}`, data: n && [n] });
    }
    return out;
  },
};
