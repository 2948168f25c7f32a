import { BLOCKS, type Node, type Rule } from '../types';
import { changesOf, nameList, tableOf } from './util';

/** Volatile functions commonly used as defaults (used when the live catalog is not at hand). */
const KNOWN_VOLATILE = new Set(['random', 'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v4', 'clock_timestamp', 'timeofday', 'nextval', 'txid_current', 'uuidv7', 'uuidv4', 'statement_timestamp']);

/** Function names called anywhere in an expression tree. */
export function functionsIn(expr: unknown, out: string[][] = []): string[][] {
  if (Array.isArray(expr)) for (const x of expr) functionsIn(x, out);
  else if (expr && typeof expr === 'object') {
    for (const [k, v] of Object.entries(expr as Node)) {
      if (k === 'FuncCall') out.push(nameList((v as Node).funcname).filter((x) => x !== 'pg_catalog'));
      functionsIn(v, out);
    }
  }
  return out;
}

export const addColumnRewrite: Rule = {
  id: 'add_column_rewrite',
  summary: 'ADD COLUMN with a volatile default, an identity or a stored generated value rewrites an existing table',
  levels: BLOCKS,
  safeAlternative: 'add the column without a default (or with a constant one), backfill it in batches, then set the default for new rows',
  doc: 'Each existing row must get its own value, so PostgreSQL rewrites the table holding an ACCESS EXCLUSIVE lock.',
  seeAlso: { squawk: 'adding-field-with-default', pgSchemaDiff: 'ACQUIRES_ACCESS_EXCLUSIVE_LOCK' },
  examples: {
    unsafe: [['ALTER TABLE public.t ADD COLUMN token uuid DEFAULT gen_random_uuid()'], ['ALTER TABLE public.t ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY']],
    safe: [['ALTER TABLE public.t ADD COLUMN created_at timestamptz DEFAULT now()'], ["ALTER TABLE public.t ADD COLUMN status text DEFAULT 'new'"]],
  },
  async check(ctx) {
    const out = [];
    for (const c of changesOf(ctx, 'add_column')) {
      const { table } = tableOf(c.object);
      if (!ctx.existed(table)) continue;
      let why = '';
      if (c.details.identity) why = 'an identity column';
      else if (c.details.generated) why = 'a stored generated column';
      else if (c.details.defaultExpr) {
        for (const fn of functionsIn(c.details.defaultExpr)) {
          const v = ctx.live ? await ctx.live.volatility(fn) : KNOWN_VOLATILE.has(fn[fn.length - 1]) ? 'v' : undefined;
          if (v === 'v') {
            why = `a volatile default (${fn.join('.')}())`;
            break;
          }
        }
      }
      if (why) out.push({ statement: c.index, object: c.object, message: `adds ${c.object} as ${why}: ${table} is rewritten under an ACCESS EXCLUSIVE lock` });
    }
    return out;
  },
};
