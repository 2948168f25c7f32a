// Composite types: migra drops and re-creates a changed one (which fails while a column uses it)
// and creates new ones after the tables that may use them. A changed composite type is altered in
// place (ADD / DROP / ALTER ATTRIBUTE) and new ones are created in the setup block.
import type { Fixer } from './types';
import { DiffContext, classifyCached, key, nsFilter, qname, quoteIdentIfNeeded, rows, setupEnd } from './catalog';
import type { DiffStatement } from './types';

interface CompRow {
  schema: string;
  name: string;
  attrs: [string, string, string | null][];
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, t.typname AS name,
         (SELECT coalesce(json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod),
                   CASE WHEN a.attcollation <> at.typcollation THEN (SELECT quote_ident(co.collname) FROM pg_collation co WHERE co.oid = a.attcollation) END) ORDER BY a.attnum), '[]')
            FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS attrs
    FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE c.relkind = 'c' AND ${nsFilter('n.nspname', ctx)}`;

export const compositeTypes: Fixer = {
  name: 'composites',
  doc: 'composite types altered in place (ALTER TYPE ... ATTRIBUTE) and created before the tables using them',
  async run(ctx, planned) {
    const [have, want] = await Promise.all([rows<CompRow>(ctx.from, query(ctx)), rows<CompRow>(ctx.to, query(ctx))]);
    const live = new Map(have.map((c) => [key(c.schema, c.name), c]));
    const changed = new Map<string, string[]>();
    for (const w of want) {
      const h = live.get(key(w.schema, w.name));
      if (!h || JSON.stringify(h.attrs) === JSON.stringify(w.attrs)) continue;
      const t = qname(w.schema, w.name);
      const ha = new Map(h.attrs.map((a) => [a[0], a]));
      const wa = new Map(w.attrs.map((a) => [a[0], a]));
      const cl: string[] = [];
      for (const [n] of ha) if (!wa.has(n)) cl.push(`DROP ATTRIBUTE ${quoteIdentIfNeeded(n)}`);
      for (const [n, a] of wa) {
        const x = ha.get(n);
        const coll = a[2] ? ` COLLATE ${a[2]}` : '';
        if (!x) cl.push(`ADD ATTRIBUTE ${quoteIdentIfNeeded(n)} ${a[1]}${coll}`);
        else if (x[1] !== a[1] || x[2] !== a[2]) cl.push(`ALTER ATTRIBUTE ${quoteIdentIfNeeded(n)} TYPE ${a[1]}${coll} CASCADE`);
      }
      changed.set(key(w.schema, w.name), cl.length ? [`ALTER TYPE ${t} ${cl.join(', ')}`] : []);
    }
    // Attribute order cannot be altered: a type whose attributes are only re-ordered keeps migra's plan.
    const out: DiffStatement[] = [];
    const moved: DiffStatement[] = [];
    let touched = false;
    for (const p of planned) {
      if (!/^(drop|create) type/i.test(p.sql)) {
        out.push(p);
        continue;
      }
      const c = await classifyCached(p.sql);
      const obj = c.changes[0]?.object ?? '';
      if (c.node === 'DropStmt' && c.changes[0]?.kind === 'drop_type' && changed.has(obj)) {
        for (const sql of changed.get(obj)!) out.push({ sql, source: 'composites' });
        touched = true;
      } else if (c.node === 'CompositeTypeStmt' && changed.has(obj)) {
        touched = true;
      } else if (c.node === 'CompositeTypeStmt') {
        moved.push(p);
        touched = true;
      } else out.push(p);
    }
    if (!touched) return {};
    const at = await setupEnd(out);
    return { replace: [...out.slice(0, at), ...moved, ...out.slice(at)] };
  },
};
