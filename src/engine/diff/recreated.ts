// What a relation loses when the plan drops and re-creates it (a materialized view whose query
// changed, a table that becomes partitioned): its indexes and constraints go with the drop, and
// migra, which sees them unchanged, does not create them again. The views and materialized views
// built on it (PostgreSQL refuses the drop while they exist) are dropped first and created again
// from their desired definitions, with what they carry in turn.
import type { Fixer } from './types';
import { DiffContext, classifyCached, createdByMigra, droppedByMigra, key, nsFilter, qname, quoteIdentIfNeeded, rows, textArray } from './catalog';
import { dottedKeySql } from '../../pg/identity';

interface DepRow {
  schema: string;
  rel: string;
  name: string;
  def: string;
  what: 'index' | 'constraint' | 'policy' | 'trigger' | 'rls';
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, t.relname AS rel, i.relname AS name, pg_get_indexdef(x.indexrelid) AS def, 'index' AS what
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))
     AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = x.indexrelid)
  UNION ALL
  SELECT n.nspname, t.relname, k.conname, pg_get_constraintdef(k.oid), 'constraint'
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)} AND k.conparentid = 0 AND k.conislocal
  UNION ALL
  SELECT n.nspname, t.relname, y.polname,
         format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s%s%s', y.polname, n.nspname, t.relname,
                CASE WHEN y.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                CASE y.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END, ', ') FROM unnest(y.polroles) r),
                ' USING (' || pg_get_expr(y.polqual, y.polrelid) || ')', ' WITH CHECK (' || pg_get_expr(y.polwithcheck, y.polrelid) || ')'),
         'policy'
    FROM pg_policy y JOIN pg_class t ON t.oid = y.polrelid JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)}
  UNION ALL
  SELECT n.nspname, t.relname, g.tgname, pg_get_triggerdef(g.oid), 'trigger'
    FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)} AND NOT g.tgisinternal AND g.tgparentid = 0
  UNION ALL
  SELECT n.nspname, t.relname, '', format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', n.nspname, t.relname)
           || CASE WHEN t.relforcerowsecurity THEN format(', FORCE ROW LEVEL SECURITY') ELSE '' END, 'rls'
    FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE ${nsFilter('n.nspname', ctx)} AND t.relrowsecurity`;

interface ViewRow {
  schema: string;
  name: string;
  relkind: 'v' | 'm';
  def: string;
  options: string[] | null;
  populated: boolean;
}

/** The live views and materialized views that use `roots` (keys), directly or through other views. */
const liveDependentViews = (roots: string[]) => `
  WITH RECURSIVE r(oid) AS (
    SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${dottedKeySql('n.nspname', 'c.relname')} = ANY(${textArray(roots)})
    UNION
    SELECT w.ev_class FROM r JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = r.oid AND d.classid = 'pg_rewrite'::regclass
      JOIN pg_rewrite w ON w.oid = d.objid WHERE w.ev_class <> r.oid)
  SELECT n.nspname AS schema, c.relname AS name FROM r JOIN pg_class c ON c.oid = r.oid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('v', 'm')`;

const desiredViews = (keys: string[]) => `
  SELECT n.nspname AS schema, c.relname AS name, c.relkind, pg_get_viewdef(c.oid) AS def, c.reloptions AS options, c.relispopulated AS populated
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('v', 'm') AND ${dottedKeySql('n.nspname', 'c.relname')} = ANY(${textArray(keys)})`;

function createView(v: ViewRow): string {
  const opts = v.options?.length ? ` WITH (${v.options.join(', ')})` : '';
  const body = v.def.trim().replace(/;$/, '');
  return v.relkind === 'v'
    ? `CREATE VIEW ${qname(v.schema, v.name)}${opts} AS ${body}`
    : `CREATE MATERIALIZED VIEW ${qname(v.schema, v.name)}${opts} AS ${body} WITH ${v.populated ? '' : 'NO '}DATA`;
}

/**
 * Views over re-created relations that the plan keeps as they are: dropped before (dependents
 * first, by the live graph's order) and created after, recorded in ctx.migra as dropped and
 * created so that later parts restate what the drop takes with it (comments).
 */
async function recreateDependentViews(ctx: DiffContext, recreated: Set<string>, dropped: Set<string>): Promise<{ before: string[]; after: string[] }> {
  const live = await rows<{ schema: string; name: string }>(ctx.from, liveDependentViews([...recreated]));
  const keep = live.map((v) => key(v.schema, v.name)).filter((k) => !recreated.has(k) && !dropped.has(k));
  if (!keep.length) return { before: [], after: [] };
  // Definitions printed with every name qualified: they run in the target's own search_path.
  await ctx.to.query(`BEGIN; SET LOCAL search_path = ''`);
  const want = await rows<ViewRow>(ctx.to, desiredViews(keep)).finally(() => ctx.to.query('COMMIT'));
  const before: string[] = [];
  const after: string[] = [];
  for (const v of want) {
    const k = key(v.schema, v.name);
    const drop = `DROP ${v.relkind === 'v' ? 'VIEW' : 'MATERIALIZED VIEW'} ${qname(v.schema, v.name)}`;
    before.push(drop);
    after.push(createView(v));
    ctx.migra.push({ sql: drop, drops: [k], creates: [k] });
    recreated.add(k);
  }
  return { before, after };
}

export const recreatedDependents: Fixer = {
  name: 'recreated',
  doc: 'indexes and constraints of relations the plan drops and re-creates, which migra does not restate',
  async run(ctx, planned) {
    const dropped = droppedByMigra(ctx);
    const created = createdByMigra(ctx);
    const recreated = new Set([...dropped].filter((k) => created.has(k)));
    if (!recreated.size) return {};
    const views = await recreateDependentViews(ctx, recreated, dropped);
    const want = await rows<DepRow>(ctx.to, query(ctx));
    const added = new Set<string>();
    for (const p of planned) {
      const c = await classifyCached(p.sql);
      for (const ch of c.changes) if (['add_constraint', 'create_index', 'create_policy', 'create_trigger'].includes(ch.kind)) added.add(ch.object);
      if (/\benable\s+row\s+level\s+security\b/i.test(p.sql)) added.add(`rls:${c.object}`);
    }
    const after: string[] = [...views.after];
    for (const w of want) {
      if (!recreated.has(key(w.schema, w.rel))) continue;
      // On a partitioned table, ON ONLY would leave the index invalid until each partition's is attached.
      if (w.what === 'index' && !added.has(key(w.schema, w.name))) after.push(w.def.replace(/ ON ONLY /, ' ON '));
      if (w.what === 'constraint' && !added.has(key(w.schema, w.rel, w.name))) after.push(`ALTER TABLE ${qname(w.schema, w.rel)} ADD CONSTRAINT ${quoteIdentIfNeeded(w.name)} ${w.def}`);
      if ((w.what === 'policy' || w.what === 'trigger') && !added.has(key(w.schema, w.rel, w.name))) after.push(w.def);
      if (w.what === 'rls' && !added.has(`rls:${key(w.schema, w.rel)}`)) after.push(w.def);
    }
    // Constraints last among them: a foreign key may need a unique index added just before.
    after.sort((a, b) => Number(a.startsWith('ALTER')) - Number(b.startsWith('ALTER')));
    return { before: views.before, after };
  },
};
