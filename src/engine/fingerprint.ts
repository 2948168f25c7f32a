// A cheap fingerprint of a database's schema: any DDL rewrites or adds catalog rows, and a
// rewritten row gets a new xmin, so (oid, xmin) pairs of the catalogs that describe user objects
// change with every schema change. Statistics updates by VACUUM/ANALYZE are in place and keep xmin.
// This lets a no-change plan answer without building a dev database, and it is computed on every
// run: never a cached answer. Privileges and owners are the access model's, not the schema's: a
// GRANT or ALTER ... OWNER rewrites the row too, so the rows that carry an ACL or an owner are
// hashed by content without those columns (and without the statistics VACUUM writes in place).
import type { Client } from '../db/connect';
import { META_SCHEMA } from './history';

/** Namespaces the engine manages: everything but the system's and its own. */
export function userNamespaceFilter(column: string, exclude: string[] = []): string {
  const ex = ['pg_catalog', 'information_schema', META_SCHEMA, ...exclude].map((s) => `'${s.replace(/'/g, "''")}'`).join(',');
  return `(${column} NOT IN (${ex}) AND ${column} NOT LIKE 'pg\\_toast%' AND ${column} NOT LIKE 'pg\\_temp\\_%')`;
}

/** A row's content without its access columns: GRANT / REVOKE / OWNER TO leave it unchanged. */
const content = (alias: string, drop: string[]) => `md5((to_jsonb(${alias}) - ARRAY[${drop.map((c) => `'${c}'`).join(',')}])::text)`;

export async function catalogFingerprint(c: Client, exclude: string[] = []): Promise<string> {
  const ns = `(SELECT oid FROM pg_namespace WHERE ${userNamespaceFilter('nspname', exclude)})`;
  const rels = `(SELECT oid FROM pg_class WHERE relnamespace IN ${ns})`;
  const parts = [
    `SELECT 'n'||oid||':'||${content('n', ['nspacl', 'nspowner'])} FROM pg_namespace n WHERE oid IN ${ns}`,
    `SELECT 'c'||oid||':'||${content('c', ['relacl', 'relowner', 'relpages', 'reltuples', 'relallvisible', 'relallfrozen', 'relfrozenxid', 'relminmxid', 'relhasindex', 'relhasrules', 'relhastriggers', 'relfilenode'])} FROM pg_class c WHERE relnamespace IN ${ns}`,
    `SELECT 'a'||attrelid||'.'||attnum||':'||${content('a', ['attacl', 'attmissingval'])} FROM pg_attribute a WHERE attrelid IN ${rels}`,
    `SELECT 'd'||oid||':'||xmin FROM pg_attrdef WHERE adrelid IN ${rels}`,
    `SELECT 'k'||oid||':'||xmin FROM pg_constraint WHERE connamespace IN ${ns}`,
    `SELECT 'i'||indexrelid||':'||xmin FROM pg_index WHERE indrelid IN ${rels}`,
    `SELECT 'p'||oid||':'||${content('p', ['proacl', 'proowner'])} FROM pg_proc p WHERE pronamespace IN ${ns}`,
    `SELECT 't'||oid||':'||${content('t', ['typacl', 'typowner'])} FROM pg_type t WHERE typnamespace IN ${ns}`,
    `SELECT 'e'||oid||':'||xmin FROM pg_enum WHERE enumtypid IN (SELECT oid FROM pg_type WHERE typnamespace IN ${ns})`,
    `SELECT 'g'||oid||':'||xmin FROM pg_trigger WHERE tgrelid IN ${rels}`,
    `SELECT 'y'||oid||':'||xmin FROM pg_policy WHERE polrelid IN ${rels}`,
    `SELECT 'r'||oid||':'||xmin FROM pg_rewrite WHERE ev_class IN ${rels}`,
    `SELECT 's'||seqrelid||':'||xmin FROM pg_sequence WHERE seqrelid IN ${rels}`,
    `SELECT 'h'||inhrelid||'.'||inhparent||':'||xmin FROM pg_inherits WHERE inhrelid IN ${rels}`,
    `SELECT 'x'||oid||':'||xmin FROM pg_extension`,
    `SELECT 'o'||oid||':'||xmin FROM pg_collation WHERE collnamespace IN ${ns}`,
    `SELECT 'z'||oid||':'||xmin FROM pg_statistic_ext WHERE stxnamespace IN ${ns}`,
    `SELECT 'v'||oid||':'||xmin FROM pg_event_trigger`,
    // Text search objects and operators (the differ's DEFINED_KINDS and the graph name them).
    ...['pg_ts_config:cfgnamespace', 'pg_ts_dict:dictnamespace', 'pg_ts_parser:prsnamespace', 'pg_ts_template:tmplnamespace', 'pg_operator:oprnamespace', 'pg_opclass:opcnamespace', 'pg_opfamily:opfnamespace'].map((x) => {
      const [cat, nsCol] = x.split(':');
      return `SELECT '${cat}'||oid||':'||xmin FROM ${cat} WHERE ${nsCol} IN ${ns}`;
    }),
    `SELECT 'tm'||mapcfg||'.'||maptokentype||'.'||mapseqno||':'||xmin FROM pg_ts_config_map WHERE mapcfg IN (SELECT oid FROM pg_ts_config WHERE cfgnamespace IN ${ns})`,
    `SELECT 'm'||objoid||'.'||classoid||'.'||objsubid||':'||xmin FROM pg_description WHERE objoid >= 16384
       AND objoid NOT IN (SELECT oid FROM pg_namespace WHERE NOT ${userNamespaceFilter('nspname', exclude)})
       AND objoid NOT IN (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT ${userNamespaceFilter('n.nspname', exclude)})`,
    // Sequence ownership (OWNED BY) lives only in pg_depend.
    `SELECT 'q'||objid||'.'||refobjid||'.'||refobjsubid||deptype::text FROM pg_depend WHERE classid = 'pg_class'::regclass AND objid IN ${rels} AND deptype IN ('a','i') AND refclassid = 'pg_class'::regclass`,
  ];
  const sql = `SELECT md5(string_agg(x, ',' ORDER BY x)) AS f FROM (${parts.join('\nUNION ALL\n')}) AS t(x)`;
  const r = await c.query(sql);
  return (r.rows[0].f as string | null) ?? 'empty';
}
