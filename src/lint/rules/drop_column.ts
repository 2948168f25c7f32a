import { countText, type Count } from '../live';
import { BLOCKS, type Rule } from '../types';
import { changesOf } from './util';

export const dropColumn: Rule = {
  id: 'drop_column',
  summary: 'drops a column and its values',
  levels: BLOCKS,
  safeAlternative: 'stop reading and writing the column in the application, deploy, then drop it with a reviewed allowance; if it was renamed, declare `-- schemaop:renamed-from OLD` on the new column',
  doc: 'The values are deleted; application code that still selects the column fails.',
  seeAlso: { squawk: 'ban-drop-column', atlas: 'DS103 (non-virtual column dropped)', pgSchemaDiff: 'DELETES_DATA' },
  examples: { unsafe: [['ALTER TABLE public.users DROP COLUMN legacy_flag']], safe: [['ALTER TABLE public.users ADD COLUMN flag boolean']] },
  async check(ctx) {
    const out = [];
    for (const c of changesOf(ctx, 'drop_column')) {
      let data = '';
      let n: Count | undefined;
      if (ctx.live) {
        n = await ctx.live.nonNull(c.object);
        data = !n ? '' : n.n === 0 && n.exact ? ' The column holds no value (every row is NULL or the table is empty).' : ` It holds ${countText(n, 'non-null value')}.`;
      }
      out.push({ statement: c.index, object: c.object, message: `drops column ${c.object}.${data}`, data: n && [n] });
    }
    return out;
  },
};
