import type { Count } from '../live';
import { BLOCKS, type Node, type Rule } from '../types';
import { changesOf, duplicatesText } from './util';
import { rangeVarKey } from '../../pg/node';

export const createIndexNonConcurrent: Rule = {
  id: 'create_index_non_concurrent',
  summary: 'CREATE INDEX without CONCURRENTLY on an existing table blocks writes while it builds',
  levels: BLOCKS,
  safeAlternative: 'CREATE INDEX CONCURRENTLY, outside the transaction (the online-safe plan does it); indexes of tables created in the same plan are exempt',
  doc: 'A plain index build holds a SHARE lock: every INSERT, UPDATE and DELETE waits for the whole build.',
  seeAlso: { squawk: 'require-concurrent-index-creation', atlas: 'concurrent_index analyzer', pgSchemaDiff: 'ACQUIRES_SHARE_LOCK, INDEX_BUILD' },
  examples: {
    unsafe: [['CREATE INDEX users_email ON public.users USING btree (email)']],
    safe: [['CREATE INDEX CONCURRENTLY users_email ON public.users USING btree (email)'], ['CREATE TABLE public.users (email text)', 'CREATE INDEX users_email ON public.users (email)']],
  },
  async check(ctx) {
    const out = [];
    for (const c of changesOf(ctx, 'create_index')) {
      const table = String(c.details.table);
      if (c.details.concurrent || c.details.only || !ctx.existed(table)) continue;
      let data = '';
      let count: Count | undefined;
      const n = ctx.tree(c.index).IndexStmt as Node;
      const cols = (n?.indexParams ?? []).map((p: Node) => p.IndexElem?.name);
      if (c.details.unique && ctx.live && cols.every(Boolean) && !n.whereClause) {
        count = await ctx.live.duplicates(rangeVarKey(n.relation), cols);
        data = duplicatesText(count);
      }
      const partitioned = ctx.live?.relations.get(table)?.kind === 'p';
      out.push({
        statement: c.index,
        object: c.object,
        message: `builds ${c.details.unique ? 'unique ' : ''}index ${c.object} on ${table} without CONCURRENTLY: writes wait for the build.${data}`,
        data: count && [count],
        fix: partitioned ? 'on a partitioned table: CREATE INDEX ... ON ONLY the parent, CREATE INDEX CONCURRENTLY on each partition, then ALTER INDEX ... ATTACH PARTITION' : undefined,
      });
    }
    return out;
  },
};
