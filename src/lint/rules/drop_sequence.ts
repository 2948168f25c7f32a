import { BLOCKS, type Rule } from '../types';
import { changesOf } from './util';

export const dropSequence: Rule = {
  id: 'drop_sequence',
  summary: 'drops a sequence and its current value',
  levels: BLOCKS,
  safeAlternative: 'make sure no default or application uses the sequence, then drop it with a reviewed allowance',
  doc: 'The current value is lost: recreating the sequence restarts numbering and produces duplicate keys.',
  seeAlso: { pgSchemaDiff: 'DELETES_DATA' },
  examples: { unsafe: [['DROP SEQUENCE public.invoice_no']], safe: [['CREATE SEQUENCE public.invoice_no']] },
  check: (ctx) => changesOf(ctx, 'drop_sequence').map((c) => ({ statement: c.index, object: c.object, message: `drops sequence ${c.object}` })),
};
