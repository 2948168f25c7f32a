import { WARNS, type Rule } from '../types';
import { changesOf } from './util';

export const dropNotNull: Rule = {
  id: 'drop_not_null',
  summary: 'DROP NOT NULL: readers that assume a value may now meet NULL',
  levels: WARNS,
  safeAlternative: 'make sure every reader handles NULL before the change; going back needs the NOT NULL steps again',
  doc: 'Cheap for the database, but a contract change for the application, and not reversible once NULLs are written.',
  seeAlso: { atlas: 'MF104 (nullability changed)' },
  examples: { unsafe: [['ALTER TABLE public.users ALTER COLUMN email DROP NOT NULL']], safe: [['ALTER TABLE public.users ALTER COLUMN email SET DEFAULT \'\'']] },
  check: (ctx) => changesOf(ctx, 'drop_not_null').map((c) => ({ statement: c.index, object: c.object, message: `makes ${c.object} nullable` })),
};
