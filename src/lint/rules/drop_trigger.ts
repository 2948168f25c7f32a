import { WARNS, type Rule } from '../types';
import { changesOf, recreatedLater } from './util';

export const dropTrigger: Rule = {
  id: 'drop_trigger',
  summary: 'drops a trigger (or rule) that may enforce an invariant the schema does not show',
  levels: WARNS,
  safeAlternative: 'check what the trigger maintains (audit rows, updated_at, denormalised totals) before removing it',
  doc: 'Triggers often carry business invariants; their absence is silent.',
  seeAlso: { pgSchemaDiff: 'HAS_UNTRACKABLE_DEPENDENCIES' },
  examples: { unsafe: [['DROP TRIGGER users_touch ON public.users']], safe: [['DROP TRIGGER users_touch ON public.users', 'CREATE TRIGGER users_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch()']] },
  check: (ctx) =>
    changesOf(ctx, 'drop_trigger', 'drop_rule')
      .filter((c) => !recreatedLater(ctx, c, ['create_trigger', 'create_rule']))
      .map((c) => ({ statement: c.index, object: c.object, message: `drops ${c.objectType} ${c.object}` })),
};
