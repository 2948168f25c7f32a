// Range types, which migra does not inspect at all: created in the plan's setup block (before the
// tables that use them), dropped at its end.
import type { Fixer } from './types';
import { DiffContext, key, nsFilter, qname, rows, setupEnd } from './catalog';
import { notExtensionMember } from '../../pg/catalog-sql';

interface RangeRow {
  schema: string;
  name: string;
  def: string;
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, t.typname AS name,
         concat_ws(', ', 'SUBTYPE = ' || format_type(r.rngsubtype, NULL),
           CASE WHEN r.rngsubopc <> (SELECT o.oid FROM pg_opclass o WHERE o.opcmethod = 403 AND o.opcintype = r.rngsubtype AND o.opcdefault LIMIT 1)
                THEN 'SUBTYPE_OPCLASS = ' || (SELECT quote_ident(on2.nspname) || '.' || quote_ident(o.opcname) FROM pg_opclass o JOIN pg_namespace on2 ON on2.oid = o.opcnamespace WHERE o.oid = r.rngsubopc) END,
           CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> (SELECT typcollation FROM pg_type WHERE oid = r.rngsubtype)
                THEN 'COLLATION = ' || (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = r.rngcollation) END,
           CASE WHEN r.rngcanonical <> 0 THEN 'CANONICAL = ' || r.rngcanonical::regproc::text END,
           CASE WHEN r.rngsubdiff <> 0 THEN 'SUBTYPE_DIFF = ' || r.rngsubdiff::regproc::text END,
           'MULTIRANGE_TYPE_NAME = ' || quote_ident(mn.nspname) || '.' || quote_ident(m.typname)) AS def
    FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN pg_namespace n ON n.oid = t.typnamespace
    JOIN pg_type m ON m.oid = r.rngmultitypid JOIN pg_namespace mn ON mn.oid = m.typnamespace
   WHERE ${nsFilter('n.nspname', ctx)}
     AND ${notExtensionMember('pg_type', 't.oid')}`;

export const rangeTypes: Fixer = {
  name: 'ranges',
  doc: 'range types (CREATE TYPE ... AS RANGE), which migra ignores',
  async run(ctx, planned) {
    const [have, want] = await Promise.all([rows<RangeRow>(ctx.from, query(ctx)), rows<RangeRow>(ctx.to, query(ctx))]);
    const live = new Map(have.map((r) => [key(r.schema, r.name), r]));
    const wanted = new Set(want.map((r) => key(r.schema, r.name)));
    const creates: string[] = [];
    const after: string[] = [];
    for (const w of want) {
      const h = live.get(key(w.schema, w.name));
      if (h && h.def === w.def) continue;
      if (h) creates.push(`DROP TYPE ${qname(w.schema, w.name)}`);
      creates.push(`CREATE TYPE ${qname(w.schema, w.name)} AS RANGE (${w.def})`);
    }
    // Also in a schema the plan drops: DROP SCHEMA (not CASCADE) needs it gone first.
    for (const h of have) {
      if (!wanted.has(key(h.schema, h.name))) after.push(`DROP TYPE ${qname(h.schema, h.name)}`);
    }
    if (!creates.length) return { after };
    const at = await setupEnd(planned);
    return { after, replace: [...planned.slice(0, at), ...creates.map((sql) => ({ sql, source: 'ranges' })), ...planned.slice(at)] };
  },
};
