import { BLOCKS, type Rule } from '../types';
import { changesOf } from './util';

export const dropExtension: Rule = {
  id: 'drop_extension',
  summary: 'drops an extension with its types, functions and operators',
  levels: BLOCKS,
  safeAlternative: 'remove every use of the extension first; drop it with a reviewed allowance',
  doc: 'Columns of the extension\'s types and indexes using its operators go with it (or the drop fails).',
  seeAlso: { pgSchemaDiff: 'HAS_UNTRACKABLE_DEPENDENCIES' },
  examples: { unsafe: [['DROP EXTENSION IF EXISTS pgcrypto']], safe: [['CREATE EXTENSION IF NOT EXISTS pgcrypto']] },
  check: (ctx) => changesOf(ctx, 'drop_extension').map((c) => ({ statement: c.index, object: c.object, message: `drops extension ${c.object}` })),
};
