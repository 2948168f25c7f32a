// Every kind of object a PostgreSQL 17 database holds that a schema file can define, in one list:
// the catalogs that store it, who in the differ plans it (or why it is refused at load), the
// catalog rows the fingerprint reads to notice any DDL on it, and a by-name description of each
// object that compares across databases (the test suites' catalog comparison). A new kind is
// added here, once; test/kinds.test.ts checks the list against the server's own catalogs.
import { notExtensionMember } from '../pg/catalog-sql';

/** Where the rows of a kind are read: the managed namespaces and relations, as SQL. */
export interface Scope {
  /** `(SELECT oid FROM pg_namespace WHERE ...)`: the managed schemas. */
  ns: string;
  /** `(SELECT oid FROM pg_class WHERE ...)`: the managed relations (excluded objects left out). */
  rels: string;
  /** A filter on a namespace-name column: the managed schemas. */
  nsName: (column: string) => string;
}

/** The differ's parts that plan a kind: `migra`, a fixer's name (src/engine/diff/fixers.ts), `comments`, `adopted`. */
export type Planner = 'migra' | 'comments' | string;

export type KindPlan =
  | { by: Planner[] }
  /** Refused at load, before anything runs: these parse-tree statements, with why. */
  | { refused: string[]; why: string };

export interface ObjectKind {
  name: string;
  catalogs: string[];
  plan: KindPlan;
  /** One text per catalog row, changed by any DDL on the object (see fingerprint.ts). */
  fingerprint: (s: Scope) => string[];
  /** One text per object, by name only: two databases PostgreSQL considers equivalent give equal texts. */
  describe?: (s: Scope) => string;
}

/** A row's content without its access columns: GRANT / REVOKE / OWNER TO leave it unchanged. */
const content = (alias: string, drop: string[]) => `md5((to_jsonb(${alias}) - ARRAY[${drop.map((c) => `'${c}'`).join(',')}])::text)`;
/** A row's version: any UPDATE of a catalog row gives it a new xmin. */
const version = (tag: string, catalog: string, id: string, where: string) => `SELECT '${tag}'||${id}||':'||xmin FROM ${catalog} WHERE ${where}`;
/** Objects an extension made are the extension's, not the schema's. */

const notPlanned = (what: string, because = 'it would be built in the dev database and never applied') =>
  `defines ${what}, which schemaop does not plan (${because}); manage it outside schema/`;
const superuserOnly = (what: string) => notPlanned(what, 'only a superuser can create it, and the dev database is built without one');

const relkinds = (kinds: string) => (s: Scope) => [
  `SELECT 'c'||oid||':'||${content('c', ['relacl', 'relowner', 'relpages', 'reltuples', 'relallvisible', 'relallfrozen', 'relfrozenxid', 'relminmxid', 'relhasindex', 'relhasrules', 'relhastriggers', 'relfilenode'])} FROM pg_class c WHERE oid IN ${s.rels} AND relkind IN (${kinds})`,
];

const relations = (kinds: string) => (s: Scope) => `
  SELECT format('%I.%I kind=%s persistence=%s rls=%s force=%s replident=%s options=%s partkey=%s bound=%s am=%s', n.nspname, c.relname,
                c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity, c.relreplident, c.reloptions,
                pg_get_partkeydef(c.oid), pg_get_expr(c.relpartbound, c.oid), am.amname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_am am ON am.oid = c.relam
   WHERE c.oid IN ${s.rels} AND c.relkind IN (${kinds}) AND ${notExtensionMember('pg_class', 'c.oid')}`;

export const KINDS: ObjectKind[] = [
  {
    name: 'schema',
    catalogs: ['pg_namespace'],
    plan: { by: ['migra'] },
    fingerprint: (s) => [`SELECT 'n'||oid||':'||${content('n', ['nspacl', 'nspowner'])} FROM pg_namespace n WHERE oid IN ${s.ns}`],
    describe: (s) => `SELECT n.nspname FROM pg_namespace n WHERE n.oid IN ${s.ns} AND ${notExtensionMember('pg_namespace', 'n.oid')}`,
  },
  {
    name: 'extension',
    catalogs: ['pg_extension'],
    plan: { by: ['migra'] },
    fingerprint: () => [version('x', 'pg_extension', 'oid', 'true')],
    describe: () => `SELECT format('%s schema=%s version=%s', e.extname, n.nspname, e.extversion) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace`,
  },
  {
    name: 'table',
    catalogs: ['pg_class', 'pg_partitioned_table', 'pg_inherits'],
    plan: { by: ['migra', 'relations', 'partitions', 'inheritance', 'partition-properties', 'adopted'] },
    fingerprint: (s) => [
      ...relkinds(`'r','p'`)(s),
      version('pt', 'pg_partitioned_table', 'partrelid', `partrelid IN ${s.rels}`),
      `SELECT 'h'||inhrelid||'.'||inhparent||':'||xmin FROM pg_inherits WHERE inhrelid IN ${s.rels}`,
    ],
    describe: (s) => `${relations(`'r','p'`)(s)}
      UNION ALL
      SELECT format('%s inherits %s #%s', i.inhrelid::regclass, i.inhparent::regclass, i.inhseqno)
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.oid IN ${s.rels} AND c.relkind IN ('r','p')`,
  },
  {
    name: 'column',
    catalogs: ['pg_attribute', 'pg_attrdef'],
    plan: { by: ['migra', 'columns', 'generated', 'type-changes', 'inherited-defaults'] },
    fingerprint: (s) => [
      `SELECT 'a'||attrelid||'.'||attnum||':'||${content('a', ['attacl', 'attmissingval'])} FROM pg_attribute a WHERE attrelid IN ${s.rels}`,
      version('d', 'pg_attrdef', 'oid', `adrelid IN ${s.rels}`),
    ],
    describe: (s) => `
      SELECT format('%I.%I.%I %s notnull=%s default=%s identity=%s generated=%s collation=%s storage=%s stats=%s options=%s',
                    n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                    pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
                    CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, a.attstorage, a.attstattarget, a.attoptions)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
       WHERE c.oid IN ${s.rels} AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','p','v','m','f','c') AND ${notExtensionMember('pg_class', 'c.oid')}
      UNION ALL
      -- Views and composite types: column order is part of their definition.
      SELECT format('%I.%I %s', n.nspname, c.relname, string_agg(a.attname, ',' ORDER BY a.attnum))
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.oid IN ${s.rels} AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('v','m','c')
       GROUP BY n.nspname, c.relname`,
  },
  {
    name: 'constraint',
    catalogs: ['pg_constraint'],
    plan: { by: ['migra', 'not-valid', 'domains', 'detached', 'keys'] },
    fingerprint: (s) => [version('k', 'pg_constraint', 'oid', `connamespace IN ${s.ns} AND (conrelid = 0 OR conrelid IN ${s.rels})`)],
    describe: (s) => `
      SELECT format('%I.%s %I %s deferrable=%s deferred=%s validated=%s noinherit=%s', n.nspname,
                    coalesce(c.relname, t.typname), k.conname, pg_get_constraintdef(k.oid), k.condeferrable, k.condeferred,
                    -- NO INHERIT means something for CHECK and NOT NULL only (a detached partition's key keeps false).
                    k.convalidated, k.contype IN ('c', 'n') AND k.connoinherit)
        FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
        LEFT JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_type t ON t.oid = k.contypid
       WHERE k.connamespace IN ${s.ns} AND (k.conrelid = 0 OR k.conrelid IN ${s.rels}) AND ${notExtensionMember('pg_constraint', 'k.oid')}`,
  },
  {
    name: 'index',
    catalogs: ['pg_index'],
    plan: { by: ['migra', 'partitions', 'detached', 'adopted'] },
    fingerprint: (s) => [...relkinds(`'i','I'`)(s), version('i', 'pg_index', 'indexrelid', `indrelid IN ${s.rels}`)],
    describe: (s) => `
      SELECT format('%s valid=%s clustered=%s replident=%s options=%s parent=%s', pg_get_indexdef(i.indexrelid), i.indisvalid,
                    i.indisclustered, i.indisreplident, c.reloptions,
                    (SELECT p.inhparent::regclass::text FROM pg_inherits p WHERE p.inhrelid = i.indexrelid))
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid IN ${s.rels} AND ${notExtensionMember('pg_class', 'i.indrelid')}`,
  },
  {
    name: 'view',
    catalogs: ['pg_rewrite'],
    plan: { by: ['migra', 'recreated'] },
    fingerprint: relkinds(`'v'`),
    describe: (s) => `${relations(`'v'`)(s)}
      UNION ALL
      SELECT format('%I.%I %s', n.nspname, c.relname, pg_get_viewdef(c.oid))
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.oid IN ${s.rels} AND c.relkind IN ('v','m') AND ${notExtensionMember('pg_class', 'c.oid')}`,
  },
  {
    name: 'materialized view',
    catalogs: [],
    plan: { by: ['migra', 'matviews', 'recreated'] },
    fingerprint: relkinds(`'m'`),
    describe: (s) => relations(`'m'`)(s),
  },
  {
    name: 'rule',
    catalogs: [],
    plan: { by: ['rules'] },
    fingerprint: (s) => [version('r', 'pg_rewrite', 'oid', `ev_class IN ${s.rels}`)],
    describe: (s) => `
      SELECT pg_get_ruledef(r.oid) FROM pg_rewrite r WHERE r.ev_class IN ${s.rels} AND r.rulename <> '_RETURN'`,
  },
  {
    name: 'sequence',
    catalogs: ['pg_sequence'],
    plan: { by: ['migra', 'sequences'] },
    fingerprint: (s) => [
      ...relkinds(`'S'`)(s),
      version('s', 'pg_sequence', 'seqrelid', `seqrelid IN ${s.rels}`),
      // Ownership (OWNED BY, serial, identity) lives only in pg_depend.
      `SELECT 'q'||objid||'.'||refobjid||'.'||refobjsubid||deptype::text FROM pg_depend WHERE classid = 'pg_class'::regclass AND objid IN ${s.rels} AND deptype IN ('a','i') AND refclassid = 'pg_class'::regclass`,
    ],
    describe: (s) => `
      SELECT format('%I.%I %s start=%s inc=%s min=%s max=%s cache=%s cycle=%s owned=%s', n.nspname, c.relname, format_type(q.seqtypid, NULL),
                    q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle,
                    (SELECT format('%s.%s %s', d.refobjid::regclass, a.attname, d.deptype) FROM pg_depend d
                       JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                        AND d.deptype IN ('a','i')))
        FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.oid IN ${s.rels} AND ${notExtensionMember('pg_class', 'c.oid')}`,
  },
  {
    name: 'function',
    catalogs: ['pg_proc'],
    plan: { by: ['migra', 'functions', 'objects'] },
    fingerprint: (s) => [`SELECT 'p'||oid||':'||${content('p', ['proacl', 'proowner'])} FROM pg_proc p WHERE pronamespace IN ${s.ns}`],
    describe: (s) => `
      SELECT pg_get_functiondef(p.oid) FROM pg_proc p
       WHERE p.pronamespace IN ${s.ns} AND p.prokind IN ('f','p','w') AND ${notExtensionMember('pg_proc', 'p.oid')}`,
  },
  {
    name: 'aggregate',
    catalogs: ['pg_aggregate'],
    plan: { by: ['aggregates'] },
    fingerprint: (s) => [version('ag', 'pg_aggregate', 'aggfnoid::oid', `aggfnoid IN (SELECT oid FROM pg_proc WHERE pronamespace IN ${s.ns})`)],
    describe: (s) => `
      SELECT format('%s(%s) %s', p.oid::regproc, pg_get_function_identity_arguments(p.oid), a.aggtransfn)
        FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid WHERE p.pronamespace IN ${s.ns} AND ${notExtensionMember('pg_proc', 'p.oid')}`,
  },
  {
    name: 'type',
    catalogs: ['pg_type', 'pg_enum', 'pg_range'],
    plan: { by: ['migra', 'enums', 'ranges', 'domains', 'composites'] },
    fingerprint: (s) => [
      `SELECT 't'||oid||':'||${content('t', ['typacl', 'typowner'])} FROM pg_type t WHERE typnamespace IN ${s.ns} AND (typrelid = 0 OR typrelid IN ${s.rels})`,
      version('e', 'pg_enum', 'oid', `enumtypid IN (SELECT oid FROM pg_type WHERE typnamespace IN ${s.ns})`),
      version('rg', 'pg_range', 'rngtypid::oid', `rngtypid IN (SELECT oid FROM pg_type WHERE typnamespace IN ${s.ns})`),
    ],
    describe: (s) => `
      SELECT format('%I.%I type=%s base=%s notnull=%s default=%s collation=%s range=%s', n.nspname, t.typname, t.typtype,
                    format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
                    (SELECT co.collname FROM pg_collation co WHERE co.oid = t.typcollation AND t.typcollation <> 100 AND t.typtype = 'd'),
                    (SELECT format('%s %s %s', format_type(r.rngsubtype, NULL), r.rngsubopc::regclass, r.rngcanonical) FROM pg_range r WHERE r.rngtypid = t.oid))
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE t.typnamespace IN ${s.ns} AND t.typtype IN ('d','e','r','m','b','c') AND ${notExtensionMember('pg_type', 't.oid')}
         AND NOT (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c'))
         -- the array type of an excluded relation's row type is that relation's
         AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.oid = t.typelem AND e.typrelid <> 0 AND e.typrelid NOT IN ${s.rels})
      UNION ALL
      SELECT format('%I.%I %s', n.nspname, t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder))
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
       WHERE t.typnamespace IN ${s.ns} GROUP BY n.nspname, t.typname`,
  },
  {
    name: 'composite type',
    catalogs: [],
    plan: { by: ['migra', 'composites'] },
    fingerprint: relkinds(`'c'`),
    describe: (s) => relations(`'c'`)(s),
  },
  {
    name: 'trigger',
    catalogs: ['pg_trigger'],
    plan: { by: ['migra'] },
    fingerprint: (s) => [version('g', 'pg_trigger', 'oid', `tgrelid IN ${s.rels}`)],
    describe: (s) => `SELECT format('%s enabled=%s', pg_get_triggerdef(t.oid), t.tgenabled) FROM pg_trigger t WHERE t.tgrelid IN ${s.rels} AND NOT t.tgisinternal`,
  },
  {
    name: 'policy',
    catalogs: ['pg_policy'],
    plan: { by: ['migra'] },
    fingerprint: (s) => [version('y', 'pg_policy', 'oid', `polrelid IN ${s.rels}`)],
    describe: (s) => `
      SELECT format('%I.%I %I cmd=%s permissive=%s roles=%s using=%s check=%s', n.nspname, c.relname, p.polname, p.polcmd, p.polpermissive,
                    (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ',' ORDER BY 1) FROM unnest(p.polroles) r),
                    pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid IN ${s.rels}`,
  },
  {
    name: 'statistics',
    catalogs: ['pg_statistic_ext'],
    plan: { by: ['rules'] },
    fingerprint: (s) => [version('z', 'pg_statistic_ext', 'oid', `stxnamespace IN ${s.ns} AND stxrelid IN ${s.rels}`)],
    describe: (s) => `SELECT pg_get_statisticsobjdef(x.oid) FROM pg_statistic_ext x WHERE x.stxnamespace IN ${s.ns} AND x.stxrelid IN ${s.rels}`,
  },
  {
    name: 'collation',
    catalogs: ['pg_collation'],
    plan: { by: ['collations'] },
    fingerprint: (s) => [version('o', 'pg_collation', 'oid', `collnamespace IN ${s.ns}`)],
    describe: (s) => `
      SELECT format('%I.%I provider=%s deterministic=%s collate=%s ctype=%s locale=%s', n.nspname, c.collname, c.collprovider,
                    c.collisdeterministic, c.collcollate, c.collctype, coalesce(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale'))
        FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE c.collnamespace IN ${s.ns}`,
  },
  ...(
    [
      ['text search parser', 'pg_ts_parser', 'prs'],
      ['text search template', 'pg_ts_template', 'tmpl'],
      ['text search dictionary', 'pg_ts_dict', 'dict'],
      ['text search configuration', 'pg_ts_config', 'cfg'],
    ] as const
  ).map(
    ([name, catalog, p]): ObjectKind => ({
      name,
      catalogs: catalog === 'pg_ts_config' ? [catalog, 'pg_ts_config_map'] : [catalog],
      plan: { by: ['objects'] },
      fingerprint: (s) => [
        version(catalog, catalog, 'oid', `${p}namespace IN ${s.ns}`),
        ...(catalog === 'pg_ts_config'
          ? [`SELECT 'tm'||mapcfg||'.'||maptokentype||'.'||mapseqno||':'||xmin FROM pg_ts_config_map WHERE mapcfg IN (SELECT oid FROM pg_ts_config WHERE cfgnamespace IN ${s.ns})`]
          : []),
      ],
      describe: (s) => `SELECT format('${name} %I.%I', n.nspname, x.${p}name) FROM ${catalog} x JOIN pg_namespace n ON n.oid = x.${p}namespace WHERE x.${p}namespace IN ${s.ns}`,
    }),
  ),
  {
    name: 'operator',
    catalogs: ['pg_operator'],
    plan: { by: ['objects'] },
    fingerprint: (s) => [version('pg_operator', 'pg_operator', 'oid', `oprnamespace IN ${s.ns}`)],
    describe: (s) => `
      SELECT format('%s(%s, %s) %s com=%s neg=%s', o.oid::regoper, format_type(o.oprleft, NULL), format_type(o.oprright, NULL), o.oprcode, o.oprcom::regoper, o.oprnegate::regoper)
        FROM pg_operator o WHERE o.oprnamespace IN ${s.ns} AND ${notExtensionMember('pg_operator', 'o.oid')}`,
  },
  {
    name: 'cast',
    catalogs: ['pg_cast'],
    plan: { by: ['objects'] },
    fingerprint: () => [version('ca', 'pg_cast', 'oid', 'oid >= 16384')],
    describe: () => `
      SELECT format('(%s AS %s) %s %s %s', format_type(c.castsource, NULL), format_type(c.casttarget, NULL), c.castfunc::regprocedure, c.castcontext, c.castmethod)
        FROM pg_cast c WHERE c.oid >= 16384 AND ${notExtensionMember('pg_cast', 'c.oid')}`,
  },
  {
    name: 'publication',
    catalogs: ['pg_publication', 'pg_publication_rel', 'pg_publication_namespace'],
    plan: { by: ['objects'] },
    fingerprint: () => [
      version('pb', 'pg_publication', 'oid', 'true'),
      version('pr', 'pg_publication_rel', 'oid', 'true'),
      version('pn', 'pg_publication_namespace', 'oid', 'true'),
    ],
    describe: () => `
      SELECT format('%I all=%s ins=%s upd=%s del=%s trunc=%s root=%s tables=%s', p.pubname, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,
                    (SELECT string_agg(format('%s%s %s', r.prrelid::regclass, coalesce(' (' || r.prattrs::text || ')', ''), coalesce(pg_get_expr(r.prqual, r.prrelid), '')), ',' ORDER BY r.prrelid::regclass::text)
                       FROM pg_publication_rel r WHERE r.prpubid = p.oid))
        FROM pg_publication p`,
  },
  {
    name: 'comment',
    catalogs: ['pg_description'],
    plan: { by: ['comments'] },
    fingerprint: (s) => [
      `SELECT 'm'||objoid||'.'||classoid||'.'||objsubid||':'||xmin FROM pg_description WHERE objoid >= 16384
         AND NOT (classoid = 'pg_namespace'::regclass AND objoid NOT IN ${s.ns})
         AND NOT (classoid = 'pg_class'::regclass AND objoid NOT IN ${s.rels})`,
    ],
    describe: (s) => `
      SELECT format('%s %s: %s', o.type, o.identity, d.description)
        FROM pg_description d CROSS JOIN LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o
       WHERE d.objoid >= 16384 AND (o.schema IS NULL OR ${s.nsName('o.schema')})
         AND NOT (d.classoid = 'pg_namespace'::regclass AND d.objoid NOT IN ${s.ns})
         AND NOT (d.classoid = 'pg_class'::regclass AND d.objoid NOT IN ${s.rels})
         AND ${notExtensionMember('d.classoid', 'd.objoid')}`,
  },
  // Refused at load: the differ does not plan them, or the dev database cannot build them.
  {
    name: 'operator class',
    catalogs: ['pg_opclass', 'pg_amop', 'pg_amproc'],
    plan: { refused: ['CreateOpClassStmt'], why: superuserOnly('an operator class') },
    fingerprint: (s) => [version('pg_opclass', 'pg_opclass', 'oid', `opcnamespace IN ${s.ns}`)],
  },
  {
    name: 'operator family',
    catalogs: ['pg_opfamily'],
    plan: { refused: ['CreateOpFamilyStmt', 'AlterOpFamilyStmt'], why: superuserOnly('an operator family') },
    fingerprint: (s) => [version('pg_opfamily', 'pg_opfamily', 'oid', `opfnamespace IN ${s.ns}`)],
  },
  {
    name: 'conversion',
    catalogs: ['pg_conversion'],
    plan: { refused: ['CreateConversionStmt'], why: notPlanned('a conversion') },
    fingerprint: (s) => [version('cv', 'pg_conversion', 'oid', `connamespace IN ${s.ns}`)],
  },
  {
    name: 'event trigger',
    catalogs: ['pg_event_trigger'],
    plan: { refused: ['CreateEventTrigStmt', 'AlterEventTrigStmt'], why: superuserOnly('an event trigger') },
    fingerprint: () => [version('v', 'pg_event_trigger', 'oid', 'true')],
  },
  {
    name: 'foreign data wrapper',
    catalogs: ['pg_foreign_data_wrapper'],
    plan: { refused: ['CreateFdwStmt', 'AlterFdwStmt'], why: superuserOnly('a foreign data wrapper') },
    fingerprint: () => [version('fw', 'pg_foreign_data_wrapper', 'oid', 'true')],
  },
  {
    name: 'foreign server',
    catalogs: ['pg_foreign_server', 'pg_user_mapping'],
    plan: { refused: ['CreateForeignServerStmt', 'AlterForeignServerStmt', 'CreateUserMappingStmt', 'AlterUserMappingStmt'], why: notPlanned('a foreign server or user mapping') },
    // pg_user_mapping is readable by superusers only; its public view shows every mapping.
    fingerprint: () => [version('fs', 'pg_foreign_server', 'oid', 'true'), `SELECT 'um'||umid||':'||md5(coalesce(umoptions::text, '')) FROM pg_user_mappings`],
  },
  {
    name: 'foreign table',
    catalogs: ['pg_foreign_table'],
    plan: { refused: ['CreateForeignTableStmt', 'ImportForeignSchemaStmt'], why: notPlanned('a foreign table') },
    fingerprint: (s) => [...relkinds(`'f'`)(s), version('ft', 'pg_foreign_table', 'ftrelid', `ftrelid IN ${s.rels}`)],
  },
  {
    name: 'transform',
    catalogs: ['pg_transform'],
    plan: { refused: ['CreateTransformStmt'], why: notPlanned('a transform') },
    fingerprint: () => [version('tr', 'pg_transform', 'oid', 'true')],
  },
  {
    name: 'access method',
    catalogs: ['pg_am'],
    plan: { refused: ['CreateAmStmt'], why: superuserOnly('an access method') },
    fingerprint: () => [version('am', 'pg_am', 'oid', 'oid >= 16384')],
  },
  {
    name: 'language',
    catalogs: ['pg_language'],
    plan: { refused: ['CreatePLangStmt'], why: `${notPlanned('a procedural language')} (or install it with CREATE EXTENSION)` },
    fingerprint: () => [version('la', 'pg_language', 'oid', 'oid >= 16384')],
  },
  {
    name: 'security label',
    catalogs: ['pg_seclabel'],
    plan: { refused: ['SecLabelStmt'], why: notPlanned('a security label') },
    fingerprint: () => [],
  },
];

/**
 * The server's catalogs that hold no schema object, with why: the inventory test requires every
 * catalog of PostgreSQL 17 to be a kind's above or one of these.
 */
export const NOT_SCHEMA_CATALOGS: Record<string, string> = {
  pg_statistic: 'planner statistics (ANALYZE)',
  pg_statistic_ext_data: 'extended statistics values (ANALYZE)',
  pg_largeobject: 'data',
  pg_largeobject_metadata: 'data',
  pg_depend: 'dependencies between objects (read by the ordering)',
  pg_shdepend: 'dependencies on roles (access/)',
  pg_authid: 'roles (access/)',
  pg_auth_members: 'role memberships (access/)',
  pg_db_role_setting: 'role and database settings (access/)',
  pg_default_acl: 'default privileges (access/)',
  pg_init_privs: "extensions' initial privileges",
  pg_parameter_acl: 'server parameters (access)',
  pg_database: 'databases: chosen with --url',
  pg_tablespace: 'server storage',
  pg_shdescription: 'comments on shared objects (roles, databases)',
  pg_shseclabel: 'security labels on shared objects',
  pg_replication_origin: 'replication state',
  pg_subscription: 'subscriptions connect to another server (refused at load)',
  pg_subscription_rel: 'subscription state',
};

/** Parse-tree statements refused because their kind is not planned, with why (see allowlist.ts). */
export const REFUSED_KINDS: Record<string, string> = Object.fromEntries(
  KINDS.flatMap((k) => ('refused' in k.plan ? k.plan.refused.map((node) => [node, (k.plan as { why: string }).why]) : [])),
);

/** The Markdown table of docs/engine.md: each kind, its catalogs, who plans it (or that it is refused), whether apply's comparison reads it. */
export const kindsTable = (): string =>
  [
    '| kind | catalogs | planned by | compared after apply |',
    '|---|---|---|---|',
    ...KINDS.map((k) => `| ${k.name} | ${k.catalogs.map((c) => `\`${c}\``).join(', ')} | ${'by' in k.plan ? k.plan.by.join(', ') : 'refused at load'} | ${k.describe ? 'yes' : 'no'} |`),
  ].join('\n');
