// User-defined aggregates (CREATE AGGREGATE), which migra does not inspect: compared by the
// definition rebuilt from pg_aggregate, created after the functions they use, dropped first.
import type { Fixer } from './types';
import { DiffContext, nsFilter, rows } from './catalog';
import { notExtensionMember } from '../../pg/catalog-sql';

interface AggRow {
  sig: string;
  def: string;
}

const query = (ctx: DiffContext) => `
  SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS sig,
         concat_ws(', ',
           'SFUNC = ' || a.aggtransfn::regproc::text,
           'STYPE = ' || format_type(a.aggtranstype, NULL),
           CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END,
           CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::regproc::text END,
           CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
           CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC_MODIFY = ' || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,
           CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || a.aggcombinefn::regproc::text END,
           CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || a.aggserialfn::regproc::text END,
           CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || a.aggdeserialfn::regproc::text END,
           CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(a.agginitval) END,
           CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || a.aggmtransfn::regproc::text || ', MINVFUNC = ' || a.aggminvtransfn::regproc::text || ', MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
           CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || a.aggmfinalfn::regproc::text END,
           CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || quote_literal(a.aggminitval) END,
           CASE WHEN a.aggsortop <> 0 THEN 'SORTOP = ' || a.aggsortop::regoperator::text END,
           CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN 'PARALLEL = RESTRICTED' END) AS def
    FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE a.aggkind = 'n' AND ${nsFilter('n.nspname', ctx)}
     AND ${notExtensionMember('pg_proc', 'p.oid')}`;

export const aggregates: Fixer = {
  name: 'aggregates',
  doc: 'user-defined (normal) aggregates, which migra ignores',
  async run(ctx) {
    const [have, want] = await Promise.all([rows<AggRow>(ctx.from, query(ctx)), rows<AggRow>(ctx.to, query(ctx))]);
    const live = new Map(have.map((a) => [a.sig, a]));
    const wanted = new Map(want.map((a) => [a.sig, a]));
    const before = have.filter((h) => wanted.get(h.sig)?.def !== h.def).map((h) => `DROP AGGREGATE IF EXISTS ${h.sig}`);
    const after = want.filter((w) => live.get(w.sig)?.def !== w.def).map((w) => `CREATE AGGREGATE ${w.sig} (${w.def})`);
    return { before, after };
  },
};
