// Materialized views declared WITH NO DATA: migra creates every materialized view populated, which
// runs its query during the migration (possibly for hours) and fills a view that the application
// means to refresh itself. Its CREATE keeps the declaration's WITH NO DATA. Whether a live view is
// populated is data (REFRESH changes it), so it is never compared.
import type { Fixer } from './types';
import { classifyCached, key, nsFilter, rows } from './catalog';

export const unpopulatedMatviews: Fixer = {
  name: 'matviews',
  doc: 'materialized views declared WITH NO DATA, which migra creates populated',
  async run(ctx, planned) {
    const unpopulated = new Set(
      (
        await rows<{ schema: string; name: string }>(
          ctx.to,
          `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'm' AND NOT c.relispopulated AND ${nsFilter('n.nspname', ctx)}`,
        )
      ).map((r) => key(r.schema, r.name)),
    );
    if (!unpopulated.size) return {};
    const out = [];
    let changed = false;
    for (const s of planned) {
      const c = await classifyCached(s.sql);
      if (c.kind === 'create_materialized_view' && unpopulated.has(c.object) && !/\bwith\s+no\s+data\s*;?\s*$/i.test(s.sql)) {
        out.push({ ...s, sql: `${s.sql.trimEnd().replace(/;$/, '')}\nWITH NO DATA` });
        changed = true;
      } else out.push(s);
    }
    return changed ? { replace: out } : {};
  },
};
