import { BLOCKS, type Rule } from '../types';
import { changesOf, recreatedLater } from './util';

const base = (o: string) => o.replace(/\(.*$/, '');

export const dropFunction: Rule = {
  id: 'drop_function',
  summary: 'drops a function or procedure that callers, triggers or defaults may use',
  levels: BLOCKS,
  safeAlternative: 'remove every caller first; a function recreated with a changed signature in the same plan is only a warning',
  doc: 'Callers fail at run time (function bodies are not checked at creation, so PostgreSQL does not see the dependency).',
  seeAlso: { pgSchemaDiff: 'HAS_UNTRACKABLE_DEPENDENCIES' },
  examples: {
    unsafe: [['DROP FUNCTION public.touch_updated_at()']],
    safe: [['CREATE OR REPLACE FUNCTION public.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$']],
  },
  check: (ctx) =>
    changesOf(ctx, 'drop_function', 'drop_procedure').map((c) => {
      const again = recreatedLater(ctx, c, ['create_function', 'create_procedure'], (o) => base(o) === base(c.object));
      return { statement: c.index, object: c.object, message: again ? `recreates ${c.objectType} ${base(c.object)} with another signature` : `drops ${c.objectType} ${c.object}`, downgrade: again };
    }),
};
