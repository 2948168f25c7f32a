import { BLOCKS, type Rule } from '../types';
import { changesOf } from './util';

export const dropSchema: Rule = {
  id: 'drop_schema',
  summary: 'drops a schema and everything in it',
  levels: BLOCKS,
  safeAlternative: 'move what must survive out of the schema first, then drop it with a reviewed allowance',
  doc: 'Dropping a schema deletes every table, view and function in it; the data is gone.',
  seeAlso: { atlas: 'DS101 (schema dropped)', pgSchemaDiff: 'DELETES_DATA' },
  examples: { unsafe: [['DROP SCHEMA reporting']], safe: [['CREATE SCHEMA reporting']] },
  check: (ctx) => changesOf(ctx, 'drop_schema').map((c) => ({ statement: c.index, object: c.object, message: `drops schema ${c.object} and every object in it` })),
};
