import { BLOCKS, type Node, type Rule } from '../types';
import { changesOf, nameList } from './util';
import { quoteIdent } from '../../pg/quote';

/** `schema.name(type, ...)` of a CREATE FUNCTION, input arguments only (what to_regprocedure reads). */
function signature(n: Node): string {
  const name = nameList(n.funcname);
  if (name.length === 1) name.unshift('public');
  const args = ((n.parameters ?? []) as Node[])
    .map((p) => p.FunctionParameter)
    .filter((p) => p && ['FUNC_PARAM_IN', 'FUNC_PARAM_INOUT', 'FUNC_PARAM_VARIADIC', 'FUNC_PARAM_DEFAULT', undefined].includes(p.mode))
    .map((p) => {
      const t: Node = p.argType ?? {};
      const base = nameList(t.names).join('.');
      return (t.pct_type ? '' : base) + ((t.arrayBounds ?? []).length ? '[]' : '');
    });
  return `${name.map(quoteIdent).join('.')}(${args.join(', ')})`;
}

export const replaceImmutableFunction: Rule = {
  id: 'replace_immutable_function',
  summary: 'replaces the body of an IMMUTABLE function whose results indexes, generated columns or CHECK constraints store',
  levels: BLOCKS,
  safeAlternative:
    'create a new function (e.g. f_v2) and move the index, generated column or CHECK to it in the same plan; or, when the results stay the same for every stored row, REINDEX INDEX CONCURRENTLY each index after the change',
  doc:
    'PostgreSQL trusts IMMUTABLE: rows already indexed, generated or checked keep the results of the old body, so lookups miss rows, generated values are stale and CHECKs no longer hold. The dependents are read from the live pg_depend.',
  seeAlso: {},
  examples: {
    unsafe: [['CREATE OR REPLACE FUNCTION public.norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) $$']],
    safe: [
      ['CREATE OR REPLACE FUNCTION public.norm_v2(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) $$'],
      ['CREATE OR REPLACE FUNCTION public.norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) $$', 'REINDEX INDEX CONCURRENTLY public.users_norm_email'],
    ],
  },
  async check(ctx) {
    if (!ctx.live) return []; // the dependencies are the live database's
    const out = [];
    for (const c of changesOf(ctx, 'create_function')) {
      const n: Node = c.node;
      if (!n.replace) continue;
      const sig = signature(n);
      const f = await ctx.live.storedResultsOf(sig);
      if (!f || f.volatility !== 'i') continue;
      // An index rebuilt or recreated later in the plan is computed with the new body.
      const rebuilt = (o: string) => ctx.changes.some((x) => x.index > c.index && ['reindex', 'create_index'].includes(x.kind) && x.object === o);
      const stale = f.dependents.filter((d) => !(d.kind === 'index' && rebuilt(d.object)));
      if (!stale.length) continue;
      const what = stale.map((d) => `${d.kind} ${d.object}`).join(', ');
      const indexes = stale.filter((d) => d.kind === 'index').map((d) => d.object);
      out.push({
        statement: c.index,
        object: c.object,
        message: `replaces IMMUTABLE function ${sig}, whose results ${what} ${stale.length === 1 ? 'stores' : 'store'}: rows written before keep the old results (stale).`,
        fix:
          `create a new function and move ${stale.length === 1 ? 'it' : 'them'} to it` +
          (indexes.length ? `, or REINDEX INDEX CONCURRENTLY ${indexes.join(', ')} after the change` : '') +
          (stale.some((d) => d.kind !== 'index') ? '; a generated column or CHECK is recomputed only by rewriting its rows (e.g. UPDATE ... SET col = col, or drop and re-add the CHECK)' : ''),
      });
    }
    return out;
  },
};
