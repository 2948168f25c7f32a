// Rewrite rules (CREATE RULE) and extended statistics (CREATE STATISTICS), which migra ignores.
// Both are compared by PostgreSQL's own definition; a changed one is replaced, and those of
// relations the plan re-creates are stated again.
import type { Fixer } from './types';
import { DiffContext, createdByMigra, droppedByMigra, key, nsFilter, qname, quoteIdentIfNeeded, rows } from './catalog';

interface ObjRow {
  what: 'rule' | 'statistics';
  schema: string;
  rel: string;
  name: string;
  def: string;
}

const query = (ctx: DiffContext) => `
  SELECT 'rule' AS what, n.nspname AS schema, c.relname AS rel, r.rulename AS name, pg_get_ruledef(r.oid) AS def
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE r.rulename <> '_RETURN' AND ${nsFilter('n.nspname', ctx)}
  UNION ALL
  SELECT 'statistics', n.nspname, c.relname, s.stxname, pg_get_statisticsobjdef(s.oid)
    FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid JOIN pg_namespace n ON n.oid = s.stxnamespace
   WHERE ${nsFilter('n.nspname', ctx)}`;

export const rulesAndStatistics: Fixer = {
  name: 'rules',
  doc: 'rewrite rules and extended statistics objects, which migra ignores',
  async run(ctx) {
    const [have, want] = await Promise.all([rows<ObjRow>(ctx.from, query(ctx)), rows<ObjRow>(ctx.to, query(ctx))]);
    const id = (r: ObjRow) => `${r.what}\0${r.what === 'rule' ? key(r.schema, r.rel, r.name) : key(r.schema, r.name)}`;
    const dropped = droppedByMigra(ctx);
    const created = createdByMigra(ctx);
    const gone = (r: ObjRow) => dropped.has(key(r.schema, r.rel)) || dropped.has(r.schema);
    const live = new Map(have.filter((r) => !gone(r)).map((r) => [id(r), r]));
    const wanted = new Set(want.map(id));
    const before: string[] = [];
    const after: string[] = [];
    const drop = (r: ObjRow) => (r.what === 'rule' ? `DROP RULE ${quoteIdentIfNeeded(r.name)} ON ${qname(r.schema, r.rel)}` : `DROP STATISTICS ${qname(r.schema, r.name)}`);
    for (const h of live.values()) if (!wanted.has(id(h))) before.push(drop(h));
    for (const w of want) {
      const h = live.get(id(w));
      if (h && h.def === w.def && !created.has(key(w.schema, w.rel))) continue;
      if (h && !created.has(key(w.schema, w.rel))) after.push(drop(h));
      after.push(w.def.replace(/;\s*$/, ''));
    }
    return { before, after };
  },
};
