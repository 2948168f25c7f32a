// Kinds of object migra does not inspect at all, each as one catalog query that writes the object's
// full definition (every name schema-qualified, so the text compares across databases): a kind is
// planned by comparing definitions, creating what is missing, dropping what is gone, and
// re-creating what changed. Functions in C or internal language (contrib libraries'
// `AS '$libdir/unaccent', 'unaccent_lexize'`), the text search parsers, templates, dictionaries
// and configurations built on them, operators, casts and publications.
import type { Fixer } from './types';
import { DiffContext, nsFilter, rows } from './catalog';
import { notExtensionMember } from '../../pg/catalog-sql';

interface DefRow {
  id: string;
  /** Statements that create it, in order. */
  create: string[];
  drop: string;
}

interface DefinedKind {
  name: string;
  /** `version`: the server's server_version_num (the two databases may run different majors). */
  query(ctx: DiffContext, version: number): string;
  /** A change is made in place (CREATE OR REPLACE) rather than by drop and create. */
  replaces?: boolean;
}

/** Not made by CREATE TYPE along with a type (a range's constructors): dropped and made with it. */
const notTypeOwned = (oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = ${oid} AND d.refclassid = 'pg_type'::regclass AND d.deptype = 'i')`;
/** A type's schema-qualified name (`pg_catalog.int4`, `public.money2`), for text that compares across databases. */
const qtype = (oid: string) => `(SELECT format('%I.%I', tn.nspname, t.typname) FROM pg_type t JOIN pg_namespace tn ON tn.oid = t.typnamespace WHERE t.oid = ${oid})`;
/** An operator as another operator's COMMUTATOR or NEGATOR names it. */
const qoper = (oid: string) => `(SELECT format('OPERATOR(%I.%s)', xn.nspname, x.oprname) FROM pg_operator x JOIN pg_namespace xn ON xn.oid = x.oprnamespace WHERE x.oid = ${oid})`;
const qproc = (oid: string) => `(SELECT format('%I.%I', pn.nspname, pp.proname) FROM pg_proc pp JOIN pg_namespace pn ON pn.oid = pp.pronamespace WHERE pp.oid = ${oid})`;

export const DEFINED_KINDS: DefinedKind[] = [
  {
    name: 'external function',
    replaces: true,
    query: (ctx) => `
      SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS id,
             json_build_array(pg_get_functiondef(p.oid)) AS create,
             format('DROP FUNCTION %I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS drop
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
       WHERE ${nsFilter('n.nspname', ctx)} AND l.lanname IN ('c', 'internal') AND p.prokind IN ('f', 'p') AND ${notExtensionMember('pg_proc', 'p.oid')} AND ${notTypeOwned('p.oid')}`,
  },
  {
    name: 'text search parser',
    query: (ctx) => `
      SELECT format('%I.%I', n.nspname, x.prsname) AS id,
             json_build_array(format('CREATE TEXT SEARCH PARSER %I.%I (START = %s, GETTOKEN = %s, END = %s, LEXTYPES = %s%s)', n.nspname, x.prsname,
               ${qproc('x.prsstart')}, ${qproc('x.prstoken')}, ${qproc('x.prsend')}, ${qproc('x.prslextype')},
               CASE WHEN x.prsheadline <> 0 THEN ', HEADLINE = ' || ${qproc('x.prsheadline')} ELSE '' END)) AS create,
             format('DROP TEXT SEARCH PARSER %I.%I', n.nspname, x.prsname) AS drop
        FROM pg_ts_parser x JOIN pg_namespace n ON n.oid = x.prsnamespace
       WHERE ${nsFilter('n.nspname', ctx)} AND ${notExtensionMember('pg_ts_parser', 'x.oid')}`,
  },
  {
    name: 'text search template',
    query: (ctx) => `
      SELECT format('%I.%I', n.nspname, x.tmplname) AS id,
             json_build_array(format('CREATE TEXT SEARCH TEMPLATE %I.%I (%sLEXIZE = %s)', n.nspname, x.tmplname,
               CASE WHEN x.tmplinit <> 0 THEN 'INIT = ' || ${qproc('x.tmplinit')} || ', ' ELSE '' END, ${qproc('x.tmpllexize')})) AS create,
             format('DROP TEXT SEARCH TEMPLATE %I.%I', n.nspname, x.tmplname) AS drop
        FROM pg_ts_template x JOIN pg_namespace n ON n.oid = x.tmplnamespace
       WHERE ${nsFilter('n.nspname', ctx)} AND ${notExtensionMember('pg_ts_template', 'x.oid')}`,
  },
  {
    name: 'text search dictionary',
    query: (ctx) => `
      SELECT format('%I.%I', n.nspname, x.dictname) AS id,
             json_build_array(format('CREATE TEXT SEARCH DICTIONARY %I.%I (TEMPLATE = %I.%I%s)', n.nspname, x.dictname, tn.nspname, t.tmplname,
               CASE WHEN x.dictinitoption IS NOT NULL THEN ', ' || x.dictinitoption ELSE '' END)) AS create,
             format('DROP TEXT SEARCH DICTIONARY %I.%I', n.nspname, x.dictname) AS drop
        FROM pg_ts_dict x JOIN pg_namespace n ON n.oid = x.dictnamespace
        JOIN pg_ts_template t ON t.oid = x.dicttemplate JOIN pg_namespace tn ON tn.oid = t.tmplnamespace
       WHERE ${nsFilter('n.nspname', ctx)} AND ${notExtensionMember('pg_ts_dict', 'x.oid')}`,
  },
  {
    name: 'text search configuration',
    query: (ctx) => `
      SELECT format('%I.%I', n.nspname, x.cfgname) AS id,
             json_build_array(format('CREATE TEXT SEARCH CONFIGURATION %I.%I (PARSER = %I.%I)', n.nspname, x.cfgname, pn.nspname, p.prsname))::jsonb
               || coalesce((SELECT jsonb_agg(format('ALTER TEXT SEARCH CONFIGURATION %I.%I ADD MAPPING FOR %s WITH %s', n.nspname, x.cfgname, g.tokens, g.dicts) ORDER BY g.dicts)
                    FROM (SELECT m.dicts, string_agg(format('%I', m.alias), ', ' ORDER BY m.alias) AS tokens
                            FROM (SELECT tt.alias, string_agg(format('%I.%I', dn.nspname, d.dictname), ', ' ORDER BY cm.mapseqno) AS dicts
                                    FROM pg_ts_config_map cm JOIN ts_token_type(x.cfgparser) tt ON tt.tokid = cm.maptokentype
                                    JOIN pg_ts_dict d ON d.oid = cm.mapdict JOIN pg_namespace dn ON dn.oid = d.dictnamespace
                                   WHERE cm.mapcfg = x.oid GROUP BY tt.alias) m GROUP BY m.dicts) g), '[]'::jsonb) AS create,
             format('DROP TEXT SEARCH CONFIGURATION %I.%I', n.nspname, x.cfgname) AS drop
        FROM pg_ts_config x JOIN pg_namespace n ON n.oid = x.cfgnamespace
        JOIN pg_ts_parser p ON p.oid = x.cfgparser JOIN pg_namespace pn ON pn.oid = p.prsnamespace
       WHERE ${nsFilter('n.nspname', ctx)} AND ${notExtensionMember('pg_ts_config', 'x.oid')}`,
  },
  {
    // A shell (named by another's COMMUTATOR or NEGATOR, not defined itself) has no function: the
    // CREATE OPERATOR that names it makes it again.
    name: 'operator',
    query: (ctx) => `
      SELECT format('%I.%s(%s, %s)', n.nspname, o.oprname, CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE ${qtype('o.oprleft')} END, ${qtype('o.oprright')}) AS id,
             json_build_array(format('CREATE OPERATOR %I.%s (%sRIGHTARG = %s, FUNCTION = %s%s%s%s%s%s%s)', n.nspname, o.oprname,
               CASE WHEN o.oprleft <> 0 THEN 'LEFTARG = ' || ${qtype('o.oprleft')} || ', ' ELSE '' END, ${qtype('o.oprright')}, ${qproc('o.oprcode::oid')},
               CASE WHEN o.oprcom <> 0 THEN ', COMMUTATOR = ' || ${qoper('o.oprcom')} ELSE '' END,
               CASE WHEN o.oprnegate <> 0 THEN ', NEGATOR = ' || ${qoper('o.oprnegate')} ELSE '' END,
               CASE WHEN o.oprrest <> 0 THEN ', RESTRICT = ' || ${qproc('o.oprrest::oid')} ELSE '' END,
               CASE WHEN o.oprjoin <> 0 THEN ', JOIN = ' || ${qproc('o.oprjoin::oid')} ELSE '' END,
               CASE WHEN o.oprcanhash THEN ', HASHES' ELSE '' END, CASE WHEN o.oprcanmerge THEN ', MERGES' ELSE '' END)) AS create,
             format('DROP OPERATOR %I.%s (%s, %s)', n.nspname, o.oprname, CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE ${qtype('o.oprleft')} END, ${qtype('o.oprright')}) AS drop
        FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
       WHERE ${nsFilter('n.nspname', ctx)} AND o.oprcode <> 0 AND ${notExtensionMember('pg_operator', 'o.oid')}`,
  },
  {
    // Casts made by the user (not the system's, not an extension's); made with the function and
    // types they join, so they come after them.
    name: 'cast',
    query: (ctx) => `
      SELECT format('(%s AS %s)', ${qtype('c.castsource')}, ${qtype('c.casttarget')}) AS id,
             json_build_array(format('CREATE CAST (%s AS %s) %s%s', ${qtype('c.castsource')}, ${qtype('c.casttarget')},
               CASE c.castmethod WHEN 'f' THEN 'WITH FUNCTION ' || (SELECT format('%I.%I(%s)', pn.nspname, pp.proname, pg_get_function_identity_arguments(pp.oid))
                                                                      FROM pg_proc pp JOIN pg_namespace pn ON pn.oid = pp.pronamespace WHERE pp.oid = c.castfunc)
                                 WHEN 'i' THEN 'WITH INOUT' ELSE 'WITHOUT FUNCTION' END,
               CASE c.castcontext WHEN 'a' THEN ' AS ASSIGNMENT' WHEN 'i' THEN ' AS IMPLICIT' ELSE '' END)) AS create,
             format('DROP CAST (%s AS %s)', ${qtype('c.castsource')}, ${qtype('c.casttarget')}) AS drop
        FROM pg_cast c
       WHERE c.oid >= 16384 AND ${notExtensionMember('pg_cast', 'c.oid')}
         -- made by CREATE TYPE ... AS RANGE along with its multirange: dropped and made with it
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_cast'::regclass AND d.objid = c.oid AND d.deptype = 'i')
         AND NOT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace tn ON tn.oid = t.typnamespace WHERE t.oid IN (c.castsource, c.casttarget) AND tn.nspname NOT IN ('pg_catalog', 'information_schema') AND NOT ${nsFilter('tn.nspname', ctx)})`,
  },
  {
    // Publications name tables of the database, not of a schema: those whose tables (and schemas)
    // are all managed. Column lists, row filters and schemas from PostgreSQL 15 on.
    name: 'publication',
    query: (ctx, version) => {
      const v15 = version >= 150000;
      const table = `format('TABLE %s%I.%I', CASE WHEN c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid) THEN 'ONLY ' ELSE '' END, cn.nspname, c.relname)${
        v15
          ? ` || coalesce(' (' || (SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = r.prrelid AND a.attnum = ANY (r.prattrs)) || ')', '')
              || coalesce(' WHERE (' || pg_get_expr(r.prqual, r.prrelid) || ')', '')`
          : ''
      }`;
      const schemas = v15 ? `UNION ALL SELECT format('TABLES IN SCHEMA %I', sn.nspname) AS item FROM pg_publication_namespace ps JOIN pg_namespace sn ON sn.oid = ps.pnnspid WHERE ps.pnpubid = p.oid` : '';
      return `
      SELECT format('%I', p.pubname) AS id,
             json_build_array(format('CREATE PUBLICATION %I%s WITH (publish = %L, publish_via_partition_root = %s)', p.pubname,
               CASE WHEN p.puballtables THEN ' FOR ALL TABLES' ELSE coalesce(' FOR ' || (SELECT string_agg(x.item, ', ' ORDER BY x.item) FROM (
                 SELECT ${table} AS item FROM pg_publication_rel r JOIN pg_class c ON c.oid = r.prrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace WHERE r.prpubid = p.oid
                 ${schemas}) x), '') END,
               concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END, CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END),
               CASE WHEN p.pubviaroot THEN 'true' ELSE 'false' END)) AS create,
             format('DROP PUBLICATION %I', p.pubname) AS drop
        FROM pg_publication p
       WHERE ${notExtensionMember('pg_publication', 'p.oid')}
         AND NOT EXISTS (SELECT 1 FROM pg_publication_rel r JOIN pg_class c ON c.oid = r.prrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
                          WHERE r.prpubid = p.oid AND NOT ${nsFilter('cn.nspname', ctx)})`;
    },
  },
];

export const definedObjects: Fixer = {
  name: 'objects',
  doc: 'C/internal functions, text search parsers, templates, dictionaries and configurations, operators, casts and publications, which migra does not inspect',
  async run(ctx) {
    const before: string[] = [];
    const after: string[] = [];
    const drops: string[] = [];
    const version = async (c: DiffContext['from']) => Number((await rows<{ v: string }>(c, "SELECT current_setting('server_version_num') AS v"))[0].v);
    const [vFrom, vTo] = await Promise.all([version(ctx.from), version(ctx.to)]);
    for (const kind of DEFINED_KINDS) {
      const [have, want] = await Promise.all([rows<DefRow>(ctx.from, kind.query(ctx, vFrom)), rows<DefRow>(ctx.to, kind.query(ctx, vTo))]);
      const live = new Map(have.map((r) => [r.id, r]));
      const wanted = new Set(want.map((r) => r.id));
      for (const w of want) {
        const h = live.get(w.id);
        if (h && JSON.stringify(h.create) === JSON.stringify(w.create)) continue;
        if (h && !kind.replaces) before.push(h.drop);
        after.push(...w.create);
      }
      // Gone: dropped in reverse kind order (a configuration before the dictionary it uses).
      for (const h of have) if (!wanted.has(h.id)) drops.unshift(h.drop);
    }
    return { before: [...drops, ...before], after };
  },
};
