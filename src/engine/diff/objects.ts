// Kinds of object migra does not inspect at all, each as one catalog query that writes the object's
// full definition (every name schema-qualified, so the text compares across databases): a kind is
// planned by comparing definitions, creating what is missing, dropping what is gone, and
// re-creating what changed. Functions in C or internal language (contrib libraries'
// `AS '$libdir/unaccent', 'unaccent_lexize'`) and the text search parsers, templates,
// dictionaries and configurations built on them.
import type { Fixer } from './fixers';
import { DiffContext, nsFilter, rows } from './catalog';

interface DefRow {
  id: string;
  /** Statements that create it, in order. */
  create: string[];
  drop: string;
}

interface DefinedKind {
  name: string;
  query(ctx: DiffContext): string;
  /** A change is made in place (CREATE OR REPLACE) rather than by drop and create. */
  replaces?: boolean;
}

const notExtension = (classid: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${classid}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
/** Not made by CREATE TYPE along with a type (a range's constructors): dropped and made with it. */
const notTypeOwned = (oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = ${oid} AND d.refclassid = 'pg_type'::regclass AND d.deptype = 'i')`;
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
       WHERE ${nsFilter('n.nspname', ctx)} AND l.lanname IN ('c', 'internal') AND p.prokind IN ('f', 'p') AND ${notExtension('pg_proc', 'p.oid')} AND ${notTypeOwned('p.oid')}`,
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
       WHERE ${nsFilter('n.nspname', ctx)} AND ${notExtension('pg_ts_parser', 'x.oid')}`,
  },
  {
    name: 'text search template',
    query: (ctx) => `
      SELECT format('%I.%I', n.nspname, x.tmplname) AS id,
             json_build_array(format('CREATE TEXT SEARCH TEMPLATE %I.%I (%sLEXIZE = %s)', n.nspname, x.tmplname,
               CASE WHEN x.tmplinit <> 0 THEN 'INIT = ' || ${qproc('x.tmplinit')} || ', ' ELSE '' END, ${qproc('x.tmpllexize')})) AS create,
             format('DROP TEXT SEARCH TEMPLATE %I.%I', n.nspname, x.tmplname) AS drop
        FROM pg_ts_template x JOIN pg_namespace n ON n.oid = x.tmplnamespace
       WHERE ${nsFilter('n.nspname', ctx)} AND ${notExtension('pg_ts_template', 'x.oid')}`,
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
       WHERE ${nsFilter('n.nspname', ctx)} AND ${notExtension('pg_ts_dict', 'x.oid')}`,
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
       WHERE ${nsFilter('n.nspname', ctx)} AND ${notExtension('pg_ts_config', 'x.oid')}`,
  },
];

export const definedObjects: Fixer = {
  name: 'objects',
  doc: 'C/internal functions and text search parsers, templates, dictionaries and configurations, which migra does not inspect',
  async run(ctx) {
    const before: string[] = [];
    const after: string[] = [];
    const drops: string[] = [];
    for (const kind of DEFINED_KINDS) {
      const [have, want] = await Promise.all([rows<DefRow>(ctx.from, kind.query(ctx)), rows<DefRow>(ctx.to, kind.query(ctx))]);
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
