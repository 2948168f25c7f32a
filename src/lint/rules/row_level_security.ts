import { BLOCKS_IN_PROD, type Rule } from '../types';
import { changesOf } from './util';

const WEAKENS = new Set(['disable_row_security', 'no_force_row_security', 'drop_policy']);

export const rowLevelSecurity: Rule = {
  id: 'row_level_security',
  summary: 'row-level security changes: disabling RLS or dropping a policy exposes rows; enabling it can hide them',
  levels: BLOCKS_IN_PROD,
  safeAlternative: 'review the policies with the table owner; enabling RLS without a policy hides every row from non-owners',
  doc: 'Disabling row-level security or dropping a policy blocks in production; enabling, forcing or changing policies is a warning.',
  seeAlso: { pgSchemaDiff: 'AUTHZ_UPDATE' },
  examples: {
    unsafe: [['ALTER TABLE public.users DISABLE ROW LEVEL SECURITY'], ['DROP POLICY own_rows ON public.users']],
    safe: [['COMMENT ON TABLE public.users IS \'people\'']],
  },
  check: (ctx) =>
    changesOf(ctx, 'enable_row_security', 'disable_row_security', 'force_row_security', 'no_force_row_security', 'create_policy', 'alter_policy', 'drop_policy').map((c) => ({
      statement: c.index,
      object: c.object,
      message: `${c.kind.replace(/_/g, ' ')} ${c.object}${WEAKENS.has(c.kind) ? ': rows become visible to roles the policies kept out' : ''}`,
      downgrade: !WEAKENS.has(c.kind),
    })),
};
