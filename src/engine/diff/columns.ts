// Column storage properties migra does not compare: STORAGE (against the type's default), the
// statistics target (ALTER COLUMN ... SET STATISTICS) and the planner's options (SET (n_distinct ...)).
import type { Fixer } from './types';
import { DiffContext, createdByMigra, droppedByMigra, key, nsFilter, qname, quoteIdentIfNeeded, rows } from './catalog';
import { dottedKeySql } from '../../pg/identity';

interface ColRow {
  schema: string;
  table: string;
  column: string;
  storage: string;
  typstorage: string;
  stats: number | null;
  options: string[] | null;
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, a.attstorage AS storage, t.typstorage,
         CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END AS stats, a.attoptions AS options
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
   WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ${nsFilter('n.nspname', ctx)}
     AND (a.attstorage <> t.typstorage OR a.attstattarget >= 0 OR a.attoptions IS NOT NULL)`;

const optionsOf = (r: ColRow | undefined) => new Map((r?.options ?? []).map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)]));

const STORAGE: Record<string, string> = { p: 'PLAIN', e: 'EXTERNAL', m: 'MAIN', x: 'EXTENDED' };

export const columnProperties: Fixer = {
  name: 'columns',
  doc: 'column STORAGE, SET STATISTICS and SET (n_distinct ...), which migra ignores',
  async run(ctx) {
    const [have, want] = await Promise.all([rows<ColRow>(ctx.from, query(ctx)), rows<ColRow>(ctx.to, query(ctx))]);
    const dropped = droppedByMigra(ctx);
    const created = createdByMigra(ctx);
    const fresh = (r: ColRow) => dropped.has(key(r.schema, r.table)) || created.has(key(r.schema, r.table)) || dropped.has(key(r.schema, r.table, r.column));
    const live = new Map(have.filter((r) => !fresh(r)).map((r) => [key(r.schema, r.table, r.column), r]));
    const wanted = new Map(want.map((r) => [key(r.schema, r.table, r.column), r]));
    const after: string[] = [];
    const alter = (r: ColRow, what: string) => after.push(`ALTER TABLE ${qname(r.schema, r.table)} ALTER COLUMN ${quoteIdentIfNeeded(r.column)} ${what}`);
    for (const [k, w] of wanted) {
      const h = live.get(k);
      if (w.storage !== (h?.storage ?? w.typstorage)) alter(w, `SET STORAGE ${STORAGE[w.storage]}`);
      if (w.stats !== (h?.stats ?? null)) alter(w, `SET STATISTICS ${w.stats ?? -1}`);
      const [ho, wo] = [optionsOf(h), optionsOf(w)];
      const reset = [...ho.keys()].filter((o) => !wo.has(o));
      const set = [...wo].filter(([o, v]) => ho.get(o) !== v).map(([o, v]) => `${o}=${v}`);
      if (reset.length) alter(w, `RESET (${reset.join(', ')})`);
      if (set.length) alter(w, `SET (${set.join(', ')})`);
    }
    const resets = [...live].filter(([k]) => !wanted.has(k)).map(([, h]) => h);
    if (resets.length) {
      // Back to the defaults, for columns that the desired schema still has.
      const exists = await rows<{ k: string }>(
        ctx.to,
        `SELECT ${dottedKeySql('n.nspname', 'c.relname', 'a.attname')} AS k FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND ${nsFilter('n.nspname', ctx)}`,
      );
      const ok = new Set(exists.map((e) => e.k));
      for (const h of resets) {
        if (!ok.has(key(h.schema, h.table, h.column))) continue;
        if (h.storage !== h.typstorage) alter(h, `SET STORAGE ${STORAGE[h.typstorage]}`);
        if (h.stats !== null) alter(h, 'SET STATISTICS -1');
        if (h.options?.length) alter(h, `RESET (${[...optionsOf(h).keys()].join(', ')})`);
      }
    }
    return { after };
  },
};
