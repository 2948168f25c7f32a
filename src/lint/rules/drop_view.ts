import { BLOCKS, type Rule } from '../types';
import { changesOf, recreatedLater } from './util';

export const dropView: Rule = {
  id: 'drop_view',
  summary: 'drops a view (or a materialized view) that clients may query',
  levels: BLOCKS,
  safeAlternative: 'remove the view\'s readers first; a changed definition that the plan recreates is only a warning',
  doc: 'Queries and grants on the view break. When the plan recreates the view (a changed definition) the finding is a warning: the view is briefly missing inside the transaction only.',
  seeAlso: { pgSchemaDiff: 'HAS_UNTRACKABLE_DEPENDENCIES' },
  examples: {
    unsafe: [['DROP VIEW public.active_users']],
    safe: [['CREATE VIEW public.active_users AS SELECT 1 AS one']],
  },
  check: (ctx) =>
    changesOf(ctx, 'drop_view').map((c) => {
      const again = recreatedLater(ctx, c, ['create_view']);
      return { statement: c.index, object: c.object, message: again ? `recreates view ${c.object} (its definition changed)` : `drops view ${c.object}`, downgrade: again };
    }),
};
