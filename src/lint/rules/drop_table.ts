import { countText, type Count } from '../live';
import { BLOCKS, type Rule } from '../types';
import { changesOf } from './util';

export const dropTable: Rule = {
  id: 'drop_table',
  summary: 'drops a table and its rows',
  levels: BLOCKS,
  safeAlternative: 'stop using the table in the application first, keep a backup, then drop it with a reviewed allowance; if it was renamed, declare `-- schemaop:renamed-from OLD` above its CREATE TABLE',
  doc: 'A dropped table cannot be recovered without a backup; applications still reading it fail.',
  seeAlso: { squawk: 'ban-drop-table', atlas: 'DS102 (table dropped)', pgSchemaDiff: 'DELETES_DATA' },
  examples: { unsafe: [['DROP TABLE public.orders']], safe: [['CREATE TABLE public.orders (id int)']] },
  async check(ctx) {
    const out = [];
    for (const c of changesOf(ctx, 'drop_table', 'drop_materialized_view', 'drop_foreign_table')) {
      let data = '';
      let n: Count | undefined;
      if (ctx.live && c.kind === 'drop_table') {
        n = await ctx.live.rows(c.object);
        data = !n ? '' : n.n === 0 && n.exact ? ' The table is empty.' : ` It holds ${countText(n, 'row')}.`;
      }
      out.push({ statement: c.index, object: c.object, message: `drops ${c.objectType} ${c.object}.${data}`, data: n && [n] });
    }
    return out;
  },
};
