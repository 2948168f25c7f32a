// Table-level properties migra does not plan: storage parameters of tables, views and materialized
// views (WITH (fillfactor ...), security_barrier, check_option), FORCE ROW LEVEL SECURITY and
// REPLICA IDENTITY, and the index CLUSTER uses (ALTER TABLE ... CLUSTER ON). A relation that the plan creates or re-creates starts from the defaults.
import type { Fixer } from './types';
import { DiffContext, createdByMigra, droppedByMigra, key, nsFilter, qname, quoteIdentIfNeeded, rows } from './catalog';
import { notExtensionMember } from '../../pg/catalog-sql';

interface RelRow {
  schema: string;
  name: string;
  kind: string;
  options: string[] | null;
  force: boolean;
  replident: string;
  replindex: string | null;
  clusterindex: string | null;
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.reloptions AS options,
         c.relforcerowsecurity AS force, c.relreplident AS replident,
         (SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid AND x.indisreplident) AS replindex,
         (SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid AND x.indisclustered) AS clusterindex
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm') AND ${nsFilter('n.nspname', ctx)}
     AND ${notExtensionMember('pg_class', 'c.oid')}`;

const KIND: Record<string, string> = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW' };
const DEFAULT_REPLIDENT: Record<string, string> = { r: 'd', p: 'd', v: 'n', m: 'n' };

const split = (o: string) => {
  const i = o.indexOf('=');
  return [o.slice(0, i), o.slice(i + 1)] as const;
};

export const relationProperties: Fixer = {
  name: 'relations',
  doc: 'storage parameters (WITH (...)) of tables and views, FORCE ROW LEVEL SECURITY, REPLICA IDENTITY and CLUSTER ON',
  async run(ctx) {
    const [have, want] = await Promise.all([rows<RelRow>(ctx.from, query(ctx)), rows<RelRow>(ctx.to, query(ctx))]);
    const live = new Map(have.map((r) => [key(r.schema, r.name), r]));
    const dropped = droppedByMigra(ctx);
    const created = createdByMigra(ctx);
    const after: string[] = [];
    for (const w of want) {
      const k = key(w.schema, w.name);
      const fresh = dropped.has(k) || created.has(k);
      const l = fresh ? undefined : live.get(k);
      const h: RelRow = l && l.kind === w.kind ? l : { ...w, options: null, force: false, replident: DEFAULT_REPLIDENT[w.kind], replindex: null, clusterindex: null };
      const name = `${KIND[w.kind]} ${qname(w.schema, w.name)}`;
      const ho = new Map((h.options ?? []).map(split));
      const wo = new Map((w.options ?? []).map(split));
      const set = [...wo].filter(([o, v]) => ho.get(o) !== v).map(([o, v]) => `${o}=${v}`);
      const reset = [...ho.keys()].filter((o) => !wo.has(o));
      if (reset.length) after.push(`ALTER ${name} RESET (${reset.join(', ')})`);
      if (set.length) after.push(`ALTER ${name} SET (${set.join(', ')})`);
      if ((w.kind === 'r' || w.kind === 'm') && w.clusterindex !== h.clusterindex) {
        after.push(`ALTER ${name} ${w.clusterindex ? `CLUSTER ON ${quoteIdentIfNeeded(w.clusterindex)}` : 'SET WITHOUT CLUSTER'}`);
      }
      if (w.kind === 'r' || w.kind === 'p') {
        if (w.force !== h.force) after.push(`ALTER TABLE ${qname(w.schema, w.name)} ${w.force ? '' : 'NO '}FORCE ROW LEVEL SECURITY`);
        if (w.replident !== h.replident || w.replindex !== h.replindex) {
          const how = { d: 'DEFAULT', f: 'FULL', n: 'NOTHING', i: `USING INDEX ${quoteIdentIfNeeded(w.replindex ?? '')}` }[w.replident];
          if (how) after.push(`ALTER TABLE ${qname(w.schema, w.name)} REPLICA IDENTITY ${how}`);
        }
      }
    }
    return { after };
  },
};
