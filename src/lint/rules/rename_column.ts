import { BLOCKS_IN_PROD, type Rule } from '../types';
import { changesOf } from './util';

export const renameColumn: Rule = {
  id: 'rename_column',
  summary: 'renames a column that running application code still uses by its old name',
  levels: BLOCKS_IN_PROD,
  safeAlternative: 'add the new column, write both, backfill, switch reads, then drop the old one; a rename declared with `-- schemaop:renamed-from` counts as reviewed',
  doc: 'Queries by the old name fail from the moment the rename commits.',
  seeAlso: { squawk: 'renaming-column', atlas: 'BC102 (column renamed)' },
  examples: { unsafe: [['ALTER TABLE public.users RENAME COLUMN mail TO email']], safe: [['ALTER TABLE public.users ADD COLUMN email text']] },
  check: (ctx) => changesOf(ctx, 'rename_column').map((c) => ({ statement: c.index, object: c.object, message: `renames column ${c.object} to ${c.details.newName}` })),
};
