import { countText } from '../live';
import { BLOCKS, type Rule } from '../types';
import { changesOf, tableOf } from './util';

export const addColumnNotNull: Rule = {
  id: 'add_column_not_null',
  summary: 'ADD COLUMN ... NOT NULL without a default on a table that has rows',
  levels: BLOCKS,
  safeAlternative: 'add the column with a constant DEFAULT (no rewrite since PostgreSQL 11), or add it nullable, backfill it, then make it NOT NULL (online-safe plan)',
  doc: 'Existing rows would have NULL in the new column, so the statement fails on any non-empty table.',
  seeAlso: { squawk: 'adding-required-field', atlas: 'MF103 (add NOT NULL column without default)' },
  examples: {
    unsafe: [['ALTER TABLE public.users ADD COLUMN tier text NOT NULL']],
    safe: [["ALTER TABLE public.users ADD COLUMN tier text NOT NULL DEFAULT 'basic'"], ['CREATE TABLE public.users (id int)', 'ALTER TABLE public.users ADD COLUMN tier text NOT NULL']],
  },
  async check(ctx) {
    const out = [];
    for (const c of changesOf(ctx, 'add_column')) {
      const { table } = tableOf(c.object);
      if (!c.details.notNull || c.details.hasDefault || !ctx.existed(table)) continue;
      const rows = ctx.live ? await ctx.live.rows(table) : undefined;
      const empty = rows?.exact && rows.n === 0;
      const data = !rows ? '' : empty ? ` ${table} is empty: the change will succeed now, but not once it has rows.` : ` ${table} has ${countText(rows, 'row')}: the apply would FAIL.`;
      out.push({ statement: c.index, object: c.object, message: `adds ${c.object} NOT NULL without a default.${data}`, downgrade: empty, data: rows && [rows] });
    }
    return out;
  },
};
