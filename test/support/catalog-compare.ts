// A name-based snapshot of a database's catalog, for comparing a migrated database with one loaded
// directly from the desired DDL. OIDs, column order and the engine's own bookkeeping schema are
// left out: two databases that PostgreSQL considers equivalent produce equal snapshots.
import type { Client } from '../../src/db/connect';
import { withClient } from '../../src/db/connect';

const NS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'schemaop') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;
/** Objects that belong to an extension are the extension's, not the schema's. */
const notExt = (classid: string, objid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = ${classid} AND e.objid = ${objid} AND e.deptype = 'e')`;

const QUERIES: Record<string, string> = {
  schemas: `SELECT n.nspname FROM pg_namespace n WHERE ${NS} AND ${notExt(`'pg_namespace'::regclass`, 'n.oid')}`,
  relations: `
    SELECT format('%I.%I kind=%s persistence=%s rls=%s force=%s replident=%s options=%s partkey=%s bound=%s am=%s', n.nspname, c.relname,
                  c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity, c.relreplident, c.reloptions,
                  pg_get_partkeydef(c.oid), pg_get_expr(c.relpartbound, c.oid), am.amname)
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_am am ON am.oid = c.relam
     WHERE ${NS} AND c.relkind IN ('r','p','v','m','f','c') AND ${notExt(`'pg_class'::regclass`, 'c.oid')}`,
  inherits: `
    SELECT format('%s inherits %s #%s', i.inhrelid::regclass, i.inhparent::regclass, i.inhseqno)
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${NS} AND c.relkind IN ('r','p')`,
  columns: `
    SELECT format('%I.%I.%I %s notnull=%s default=%s identity=%s generated=%s collation=%s storage=%s stats=%s options=%s',
                  n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
                  CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, a.attstorage, a.attstattarget, a.attoptions)
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      LEFT JOIN pg_collation co ON co.oid = a.attcollation
     WHERE ${NS} AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','p','v','m','f','c')
       AND ${notExt(`'pg_class'::regclass`, 'c.oid')}`,
  // Views and composite types: column order is part of their definition.
  viewColumnOrder: `
    SELECT format('%I.%I %s', n.nspname, c.relname, string_agg(a.attname, ',' ORDER BY a.attnum))
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${NS} AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('v','m','c')
     GROUP BY n.nspname, c.relname`,
  constraints: `
    SELECT format('%I.%s %I %s deferrable=%s deferred=%s validated=%s noinherit=%s', n.nspname,
                  coalesce(c.relname, t.typname), k.conname, pg_get_constraintdef(k.oid), k.condeferrable, k.condeferred,
                  k.convalidated, k.connoinherit)
      FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
      LEFT JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_type t ON t.oid = k.contypid
     WHERE ${NS} AND ${notExt(`'pg_constraint'::regclass`, 'k.oid')}`,
  indexes: `
    SELECT format('%s valid=%s clustered=%s replident=%s options=%s parent=%s', pg_get_indexdef(i.indexrelid), i.indisvalid,
                  i.indisclustered, i.indisreplident, c.reloptions,
                  (SELECT p.inhparent::regclass::text FROM pg_inherits p WHERE p.inhrelid = i.indexrelid))
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${NS} AND ${notExt(`'pg_class'::regclass`, 'i.indrelid')}`,
  views: `
    SELECT format('%I.%I %s', n.nspname, c.relname, pg_get_viewdef(c.oid))
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${NS} AND c.relkind IN ('v','m') AND ${notExt(`'pg_class'::regclass`, 'c.oid')}`,
  functions: `
    SELECT pg_get_functiondef(p.oid)
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE ${NS} AND p.prokind IN ('f','p','w') AND ${notExt(`'pg_proc'::regclass`, 'p.oid')}`,
  aggregates: `
    SELECT format('%s(%s) %s', p.oid::regproc, pg_get_function_identity_arguments(p.oid), a.aggtransfn)
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_aggregate a ON a.aggfnoid = p.oid
     WHERE ${NS} AND ${notExt(`'pg_proc'::regclass`, 'p.oid')}`,
  triggers: `
    SELECT format('%s enabled=%s', pg_get_triggerdef(t.oid), t.tgenabled)
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${NS} AND NOT t.tgisinternal`,
  rules: `
    SELECT pg_get_ruledef(r.oid)
      FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${NS} AND r.rulename <> '_RETURN'`,
  sequences: `
    SELECT format('%I.%I %s start=%s inc=%s min=%s max=%s cache=%s cycle=%s owned=%s', n.nspname, c.relname, format_type(s.seqtypid, NULL),
                  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
                  (SELECT format('%s.%s %s', d.refobjid::regclass, a.attname, d.deptype) FROM pg_depend d
                     JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                      AND d.deptype IN ('a','i')))
      FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${NS} AND ${notExt(`'pg_class'::regclass`, 'c.oid')}`,
  enums: `
    SELECT format('%I.%I %s', n.nspname, t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder))
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
     WHERE ${NS} GROUP BY n.nspname, t.typname`,
  types: `
    SELECT format('%I.%I type=%s base=%s notnull=%s default=%s collation=%s range=%s', n.nspname, t.typname, t.typtype,
                  format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
                  (SELECT co.collname FROM pg_collation co WHERE co.oid = t.typcollation AND t.typcollation <> 100 AND t.typtype = 'd'),
                  (SELECT format('%s %s %s', format_type(r.rngsubtype, NULL), r.rngsubopc::regclass, r.rngcanonical) FROM pg_range r WHERE r.rngtypid = t.oid))
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE ${NS} AND t.typtype IN ('d','e','r','m','b','c') AND ${notExt(`'pg_type'::regclass`, 't.oid')}
       AND NOT (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c'))`,
  policies: `
    SELECT format('%I.%I %I cmd=%s permissive=%s roles=%s using=%s check=%s', n.nspname, c.relname, p.polname, p.polcmd, p.polpermissive,
                  (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ',' ORDER BY 1) FROM unnest(p.polroles) r),
                  pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
      FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${NS}`,
  extensions: `SELECT format('%s schema=%s version=%s', e.extname, n.nspname, e.extversion) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace`,
  collations: `
    SELECT format('%I.%I provider=%s deterministic=%s collate=%s ctype=%s locale=%s', n.nspname, c.collname, c.collprovider,
                  c.collisdeterministic, c.collcollate, c.collctype, c.colllocale)
      FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE ${NS}`,
  comments: `
    SELECT format('%s %s: %s', o.type, o.identity, d.description)
      FROM pg_description d CROSS JOIN LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o
     WHERE d.objoid >= 16384 AND coalesce(o.schema, 'public') NOT IN ('schemaop') AND NOT (o.type = 'schema' AND o.identity = 'schemaop')
       AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = d.classoid AND e.objid = d.objoid AND e.deptype = 'e')`,
  statistics: `
    SELECT pg_get_statisticsobjdef(s.oid) FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE ${NS}`,
};

export type CatalogSnapshot = Record<string, string[]>;

export async function snapshotWith(c: Client): Promise<CatalogSnapshot> {
  const out: CatalogSnapshot = {};
  for (const [k, q] of Object.entries(QUERIES)) {
    const r = await c.query({ text: q, rowMode: 'array' });
    out[k] = r.rows.map((x: unknown[]) => String(x[0])).sort();
  }
  return out;
}

export function catalogSnapshot(url: string): Promise<CatalogSnapshot> {
  return withClient(url, snapshotWith);
}

/** Differences between two snapshots, one line per object that is only on one side ("-" actual, "+" expected). */
export function snapshotDiff(actual: CatalogSnapshot, expected: CatalogSnapshot): string[] {
  const out: string[] = [];
  for (const k of Object.keys(QUERIES)) {
    const a = new Set(actual[k] ?? []);
    const e = new Set(expected[k] ?? []);
    for (const x of a) if (!e.has(x)) out.push(`${k} - ${x}`);
    for (const x of e) if (!a.has(x)) out.push(`${k} + ${x}`);
  }
  return out;
}

/**
 * Drops from `diff` the CHECK constraints whose two printed definitions mean the same: PostgreSQL's
 * printed form does not always parse back to the same tree (`x IN (...)` on varchar), so a
 * constraint created from the printed form prints differently. Both are parsed again on the
 * expected database's table, in a transaction that is rolled back.
 */
export async function withoutEquivalentChecks(diff: string[], expectedUrl: string): Promise<string[]> {
  const re = /^constraints ([-+]) (\S+) (\S+) (CHECK .*) deferrable=/;
  const pairs = new Map<string, { minus?: string; plus?: string; table: string }>();
  for (const d of diff) {
    const m = re.exec(d);
    if (!m) continue;
    const p = pairs.get(`${m[2]} ${m[3]}`) ?? { table: m[2] };
    if (m[1] === '-') p.minus = m[4];
    else p.plus = m[4];
    pairs.set(`${m[2]} ${m[3]}`, p);
  }
  const same = new Set<string>();
  await withClient(expectedUrl, async (c) => {
    for (const [k, p] of pairs) {
      if (!p.minus || !p.plus) continue;
      await c.query('BEGIN');
      try {
        await c.query(`ALTER TABLE ${p.table} ADD CONSTRAINT zz_a ${p.minus} NOT VALID, ADD CONSTRAINT zz_b ${p.plus} NOT VALID`);
        const r = await c.query(`SELECT conname, pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid = '${p.table}'::regclass AND conname IN ('zz_a', 'zz_b')`);
        if (r.rows.length === 2 && r.rows[0].d === r.rows[1].d) same.add(k);
      } catch {
        // not comparable: the difference stays
      } finally {
        await c.query('ROLLBACK');
      }
    }
  });
  return diff.filter((d) => {
    const m = re.exec(d);
    return !m || !same.has(`${m[2]} ${m[3]}`);
  });
}
