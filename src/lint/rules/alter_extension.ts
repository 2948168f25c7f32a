import { WARNS, type Rule } from '../types';
import { changesOf } from './util';

export const alterExtension: Rule = {
  id: 'alter_extension',
  summary: 'updates an extension: its upgrade script runs arbitrary DDL',
  levels: WARNS,
  safeAlternative: 'read the extension\'s upgrade notes; upgrade it on its own, outside a schema change',
  doc: 'An extension upgrade can rewrite tables or change function behaviour.',
  seeAlso: { pgSchemaDiff: 'EXTENSION_VERSION_UPGRADE' },
  examples: { unsafe: [["ALTER EXTENSION pgcrypto UPDATE TO '1.3'"]], safe: [['CREATE EXTENSION IF NOT EXISTS pgcrypto']] },
  check: (ctx) => changesOf(ctx, 'alter_extension').map((c) => ({ statement: c.index, object: c.object, message: `updates extension ${c.object}` })),
};
