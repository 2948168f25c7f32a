// A changed generation expression: migra plans `SET DEFAULT`, which PostgreSQL refuses on a
// generated column; PostgreSQL 17 has ALTER COLUMN ... SET EXPRESSION AS (...).
import type { Fixer } from './types';
import { DiffContext, classifyCached, key, nsFilter, qname, quoteIdentIfNeeded, rows } from './catalog';
import type { DiffStatement } from './types';

interface GenRow {
  schema: string;
  table: string;
  column: string;
  expr: string;
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, pg_get_expr(d.adbin, d.adrelid) AS expr
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attgenerated <> '' AND NOT a.attisdropped AND ${nsFilter('n.nspname', ctx)}`;

export const generatedExpressions: Fixer = {
  name: 'generated',
  doc: 'changed expressions of generated columns (SET EXPRESSION instead of migra\'s invalid SET DEFAULT)',
  async run(ctx, planned) {
    const [have, want] = await Promise.all([rows<GenRow>(ctx.from, query(ctx)), rows<GenRow>(ctx.to, query(ctx))]);
    const live = new Map(have.map((g) => [key(g.schema, g.table, g.column), g]));
    const target = new Map(want.filter((g) => live.has(key(g.schema, g.table, g.column))).map((g) => [key(g.schema, g.table, g.column), g]));
    if (!target.size) return {};
    const out: DiffStatement[] = [];
    let changed = false;
    for (const p of planned) {
      if (/set default/i.test(p.sql)) {
        const c = await classifyCached(p.sql);
        const g = c.changes.length === 1 && c.changes[0].kind === 'set_default' ? target.get(c.changes[0].object) : undefined;
        if (g) {
          out.push({ sql: `ALTER TABLE ${qname(g.schema, g.table)} ALTER COLUMN ${quoteIdentIfNeeded(g.column)} SET EXPRESSION AS (${g.expr})`, source: 'generated' });
          changed = true;
          continue;
        }
      }
      out.push(p);
    }
    return changed ? { replace: out } : {};
  },
};
