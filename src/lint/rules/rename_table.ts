import { BLOCKS_IN_PROD, type Rule } from '../types';
import { changesOf } from './util';
import { OLD_ENUM_SUFFIX } from './drop_type';

export const renameTable: Rule = {
  id: 'rename_table',
  summary: 'renames a table (or view) that running application code still uses by its old name',
  levels: BLOCKS_IN_PROD,
  safeAlternative: 'deploy code that works with both names first (for example a view with the old name); a rename declared with `-- schemaop:renamed-from` counts as reviewed',
  doc: 'Queries by the old name fail from the moment the rename commits.',
  seeAlso: { squawk: 'renaming-table', atlas: 'BC101 (table renamed)' },
  examples: { unsafe: [['ALTER TABLE public.accounts RENAME TO user_accounts']], safe: [['CREATE TABLE public.user_accounts (id int)']] },
  check: (ctx) =>
    changesOf(ctx, 'rename_table', 'rename_view', 'rename_materialized_view')
      .filter((c) => !String(c.details.newName ?? '').endsWith(OLD_ENUM_SUFFIX))
      .map((c) => ({ statement: c.index, object: c.object, message: `renames ${c.objectType} ${c.object} to ${c.details.newName}` })),
};
