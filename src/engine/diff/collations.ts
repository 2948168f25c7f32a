// Collations, planned here instead of by migra (which writes `locale = 'null'` for ICU collations on
// PostgreSQL 15+ and ignores `deterministic`): created first, dropped at the end.
import type { Fixer } from './types';
import { DiffContext, key, nsFilter, qname, rows, setupEnd } from './catalog';
import { notExtensionMember } from '../../pg/catalog-sql';

interface CollRow {
  schema: string;
  name: string;
  def: string;
}

// The ICU locale is colllocale from PostgreSQL 17 (colliculocale in 15 and 16), ICU rules exist from
// 16: read through to_jsonb so that one query serves every major.
const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, c.collname AS name,
         concat_ws(', ', 'provider = ' || CASE c.collprovider WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'libc' END,
           CASE WHEN c.collprovider = 'c' THEN 'lc_collate = ' || quote_literal(c.collcollate) || ', lc_ctype = ' || quote_literal(c.collctype)
                ELSE 'locale = ' || quote_literal(coalesce(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale')) END,
           CASE WHEN to_jsonb(c) ->> 'collicurules' IS NOT NULL THEN 'rules = ' || quote_literal(to_jsonb(c) ->> 'collicurules') END,
           CASE WHEN NOT c.collisdeterministic THEN 'deterministic = false' END) AS def
    FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
   WHERE ${nsFilter('n.nspname', ctx)}
     AND ${notExtensionMember('pg_collation', 'c.oid')}`;

export const collations: Fixer = {
  name: 'collations',
  doc: 'collations (ICU locale and deterministic flag included), which migra plans wrongly on PostgreSQL 15+',
  async run(ctx, planned) {
    const [have, want] = await Promise.all([rows<CollRow>(ctx.from, query(ctx)), rows<CollRow>(ctx.to, query(ctx))]);
    const live = new Map(have.map((c) => [key(c.schema, c.name), c]));
    const wanted = new Set(want.map((c) => key(c.schema, c.name)));
    const setup: string[] = [];
    for (const w of want) {
      const h = live.get(key(w.schema, w.name));
      if (h && h.def === w.def) continue;
      if (h) setup.push(`DROP COLLATION ${qname(w.schema, w.name)}`);
      setup.push(`CREATE COLLATION ${qname(w.schema, w.name)} (${w.def})`);
    }
    // Also in a schema the plan drops: DROP SCHEMA (not CASCADE) needs it gone first.
    const after = have.filter((h) => !wanted.has(key(h.schema, h.name))).map((h) => `DROP COLLATION ${qname(h.schema, h.name)}`);
    if (!setup.length) return { after };
    const at = await setupEnd(planned);
    return { after, replace: [...planned.slice(0, at), ...setup.map((sql) => ({ sql, source: 'collations' })), ...planned.slice(at)] };
  },
};
