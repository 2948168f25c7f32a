import { BLOCKS, type Rule } from '../types';
import { changesOf } from './util';

/** The engine replaces an enum by renaming the old one to this suffix (see enum_value_removed). */
export const OLD_ENUM_SUFFIX = '__old_version_to_be_dropped';

export const dropType: Rule = {
  id: 'drop_type',
  summary: 'drops a type or domain',
  levels: BLOCKS,
  safeAlternative: 'change every column using the type first; drop it with a reviewed allowance',
  doc: 'Columns of the type must be dropped or converted first; functions using it break.',
  seeAlso: { pgSchemaDiff: 'DELETES_DATA' },
  examples: { unsafe: [['DROP TYPE public.mood'], ['DROP DOMAIN public.email']], safe: [["CREATE TYPE public.mood AS ENUM ('ok')"]] },
  check: (ctx) =>
    changesOf(ctx, 'drop_type', 'drop_domain')
      .filter((c) => !c.object.endsWith(OLD_ENUM_SUFFIX))
      .map((c) => ({ statement: c.index, object: c.object, message: `drops ${c.objectType} ${c.object}` })),
};
