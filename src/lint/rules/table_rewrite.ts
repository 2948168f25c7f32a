import { BLOCKS, type Node, type Rule } from '../types';
import { changesOf } from './util';
import { rangeVarKey } from '../../pg/node';

export const tableRewrite: Rule = {
  id: 'table_rewrite',
  summary: 'rewrites a whole table under an ACCESS EXCLUSIVE lock (SET LOGGED/UNLOGGED, SET ACCESS METHOD, VACUUM FULL, CLUSTER)',
  levels: BLOCKS,
  safeAlternative: 'do it in a maintenance window, or copy into a new table and swap; pg_repack does it online',
  doc: 'Every read and write waits for the copy of the table and its indexes.',
  seeAlso: { pgSchemaDiff: 'ACQUIRES_ACCESS_EXCLUSIVE_LOCK, IMPACTS_DATABASE_PERFORMANCE' },
  examples: { unsafe: [['ALTER TABLE public.t SET UNLOGGED'], ['VACUUM FULL public.t']], safe: [['VACUUM public.t']] },
  check(ctx) {
    const out = changesOf(ctx, 'set_logged', 'set_unlogged', 'set_access_method').map((c) => ({ statement: c.index, object: c.object, message: `${c.kind.replace(/_/g, ' ')} on ${c.object} rewrites it` }));
    ctx.statements.forEach((s, i) => {
      const t = ctx.tree(i);
      const v = t.VacuumStmt as Node | undefined;
      const full = v?.is_vacuumcmd && (v.options ?? []).some((o: Node) => o.DefElem?.defname === 'full');
      const rels = (v?.rels ?? []).map((r: Node) => rangeVarKey(r.VacuumRelation?.relation)).join(', ');
      if (full) out.push({ statement: i, object: rels || 'database', message: `VACUUM FULL ${rels || '(every table)'} rewrites it` });
      if (t.ClusterStmt) out.push({ statement: i, object: rangeVarKey(t.ClusterStmt.relation) || 'database', message: 'CLUSTER rewrites the table' });
    });
    return out;
  },
};
