import { BLOCKS, type Rule } from '../types';

export const truncateOrCascade: Rule = {
  id: 'truncate_or_cascade',
  summary: 'TRUNCATE, or a DROP ... CASCADE that silently removes dependent objects',
  levels: BLOCKS,
  safeAlternative: 'drop the dependent objects explicitly, each reviewed; never truncate in a migration',
  doc: 'TRUNCATE deletes every row under an ACCESS EXCLUSIVE lock; CASCADE drops objects the plan does not name.',
  seeAlso: { squawk: 'ban-truncate-cascade', pgSchemaDiff: 'DELETES_DATA' },
  examples: {
    unsafe: [['TRUNCATE public.orders'], ['DROP VIEW public.v CASCADE'], ['ALTER TABLE public.t DROP COLUMN c CASCADE']],
    safe: [['DROP VIEW public.v', 'CREATE VIEW public.v AS SELECT 1 AS one']],
  },
  check: (ctx) =>
    ctx.changes
      .filter((c) => c.kind === 'truncate' || c.details.cascade === true)
      .map((c) => ({
        statement: c.index,
        object: c.object,
        message: c.kind === 'truncate' ? `truncates ${c.object}: every row is deleted` : `${c.kind.replace(/_/g, ' ')} ${c.object} with CASCADE drops whatever depends on it`,
      })),
};
