// Domains, planned here instead of by migra (whose inspection keeps one constraint per domain,
// loses constraint names, writes an invalid COLLATION clause and re-creates a changed domain,
// which fails while a column uses it): created in the setup block, altered in place (default,
// NOT NULL, named constraints), dropped at the end. A new base type or collation cannot be altered
// in place: the old domain is renamed aside, the new one created, the columns using it re-typed,
// and the old one dropped.
import type { Fixer } from './types';
import { DiffContext, key, nsFilter, qname, quoteIdentIfNeeded, rows, setupEnd } from './catalog';
import { notExtensionMember } from '../../pg/catalog-sql';

interface DomainRow {
  schema: string;
  name: string;
  base: string;
  collation: string | null;
  dflt: string | null;
  notnull: boolean;
  checks: [string, string, boolean][];
  /** Columns typed with the domain (or an array of it), on tables that own them: `[table, column, array]`. */
  users: [string, string, boolean][];
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS base,
         (SELECT quote_ident(cn.nspname) || '.' || quote_ident(c.collname) FROM pg_collation c JOIN pg_namespace cn ON cn.oid = c.collnamespace JOIN pg_type bt ON bt.oid = t.typbasetype
           WHERE c.oid = t.typcollation AND t.typcollation <> bt.typcollation) AS collation,
         t.typdefault AS dflt, t.typnotnull AS notnull,
         (SELECT coalesce(json_agg(json_build_array(k.conname, pg_get_constraintdef(k.oid), k.convalidated) ORDER BY k.conname), '[]')
            FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c') AS checks,
         (SELECT coalesce(json_agg(json_build_array(format('%I.%I', cn.nspname, c.relname), a.attname, a.atttypid = t.typarray) ORDER BY cn.nspname, c.relname, a.attnum), '[]')
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
           WHERE a.atttypid IN (t.oid, t.typarray) AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0
             AND c.relkind IN ('r', 'p') AND NOT c.relispartition) AS users
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typtype = 'd' AND ${nsFilter('n.nspname', ctx)}
     AND ${notExtensionMember('pg_type', 't.oid')}`;

const addCheck = (dom: string, [name, def, valid]: [string, string, boolean]) =>
  `ALTER DOMAIN ${dom} ADD CONSTRAINT ${quoteIdentIfNeeded(name)} ${def.replace(/ NOT VALID$/, '')}${valid ? '' : ' NOT VALID'}`;

export const domains: Fixer = {
  name: 'domains',
  doc: 'domains: created before the tables, altered in place (default, NOT NULL, named CHECKs), dropped last',
  async run(ctx, planned) {
    const [have, want] = await Promise.all([rows<DomainRow>(ctx.from, query(ctx)), rows<DomainRow>(ctx.to, query(ctx))]);
    const live = new Map(have.map((d) => [key(d.schema, d.name), d]));
    const wanted = new Set(want.map((d) => key(d.schema, d.name)));
    const setup: string[] = [];
    const after: string[] = [];
    for (const w of want) {
      const dom = qname(w.schema, w.name);
      let h = live.get(key(w.schema, w.name));
      let swapped: DomainRow | undefined;
      if (h && (h.base !== w.base || h.collation !== w.collation)) {
        // The base type or collation of a domain cannot change: the old one steps aside under a
        // temporary name while its columns are re-typed to the new one.
        const aside = `${w.name.slice(0, 40)}_schemaop_old`;
        setup.push(h.users.length ? `ALTER DOMAIN ${dom} RENAME TO ${quoteIdentIfNeeded(aside)}` : `DROP DOMAIN ${dom}`);
        if (h.users.length) swapped = { ...h, name: aside };
        h = undefined;
      }
      if (!h) {
        setup.push(`CREATE DOMAIN ${dom} AS ${w.base}${w.collation ? ` COLLATE ${w.collation}` : ''}${w.dflt !== null ? ` DEFAULT ${w.dflt}` : ''}${w.notnull ? ' NOT NULL' : ''}`);
        for (const c of w.checks) setup.push(addCheck(dom, c));
        if (swapped) {
          for (const [table, column, array] of swapped.users) {
            const type = array ? `${dom}[]` : dom;
            after.push(`ALTER TABLE ${table} ALTER COLUMN ${quoteIdentIfNeeded(column)} TYPE ${type} USING ${quoteIdentIfNeeded(column)}::${type}`);
          }
          after.push(`DROP DOMAIN ${qname(swapped.schema, swapped.name)}`);
        }
        continue;
      }
      if (h.dflt !== w.dflt) setup.push(`ALTER DOMAIN ${dom} ${w.dflt !== null ? `SET DEFAULT ${w.dflt}` : 'DROP DEFAULT'}`);
      if (h.notnull !== w.notnull) setup.push(`ALTER DOMAIN ${dom} ${w.notnull ? 'SET' : 'DROP'} NOT NULL`);
      const hc = new Map(h.checks.map((c) => [c[0], c]));
      const wc = new Map(w.checks.map((c) => [c[0], c]));
      for (const [n, c] of hc) {
        const x = wc.get(n);
        if (!x || x[1].replace(/ NOT VALID$/, '') !== c[1].replace(/ NOT VALID$/, '')) setup.push(`ALTER DOMAIN ${dom} DROP CONSTRAINT ${quoteIdentIfNeeded(n)}`);
      }
      for (const [n, c] of wc) {
        const x = hc.get(n);
        if (!x || x[1].replace(/ NOT VALID$/, '') !== c[1].replace(/ NOT VALID$/, '')) setup.push(addCheck(dom, c));
        else if (!x[2] && c[2]) setup.push(`ALTER DOMAIN ${dom} VALIDATE CONSTRAINT ${quoteIdentIfNeeded(n)}`);
      }
    }
    // Also in a schema the plan drops: DROP SCHEMA (not CASCADE) needs it gone first.
    for (const h of have) if (!wanted.has(key(h.schema, h.name))) after.push(`DROP DOMAIN ${qname(h.schema, h.name)}`);
    if (!setup.length) return { after };
    const at = await setupEnd(planned);
    return { after, replace: [...planned.slice(0, at), ...setup.map((sql) => ({ sql, source: 'domains' })), ...planned.slice(at)] };
  },
};
