// The dependency graph of a database's user objects, read from PostgreSQL's own pg_depend: which
// named object needs which. Objects are named by keys that planned statements can be matched to
// (see `statementKeys`): relations and types share `rel:` (a table is also its row type), routines
// are `fn:` (overloads share a key), sub-objects of a table are named by the table. The parts of a
// name are joined by the unit separator (chr(31), `KEY_SEP`), never by a dot: a name may hold dots.
import type { Client } from '../../db/connect';
import { userNamespaceFilter } from '../fingerprint';

export interface DependencyGraph {
  /** key → keys it needs. */
  needs: Map<string, Set<string>>;
  /** sequence key → key of the table that owns it (OWNED BY). */
  ownedBy: Map<string, string>;
  /** primary key, unique or exclusion constraint key → key of the index it built. */
  indexOf?: Map<string, string>;
  /** index key → key of its table. */
  tableOf?: Map<string, string>;
}

const graphQuery = (exclude: string[]) => `
WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE ${userNamespaceFilter('nspname', exclude)}),
ext AS (SELECT d.classid, d.objid, 'ext:' || e.extname AS key FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
         WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'),
rel AS (SELECT c.oid, 'rel:' || n.nspname || chr(31) || c.relname AS key FROM pg_class c JOIN ns n ON n.oid = c.relnamespace),
typ AS (SELECT t.oid,
               CASE WHEN b.typrelid <> 0 THEN (SELECT key FROM rel WHERE rel.oid = b.typrelid)
                    ELSE 'rel:' || bn.nspname || chr(31) || b.typname END AS key
          FROM pg_type t
          JOIN pg_type b ON b.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem
                                         ELSE coalesce((SELECT rngtypid FROM pg_range WHERE rngmultitypid = t.oid), t.oid) END
          JOIN pg_namespace bn ON bn.oid = b.typnamespace
         WHERE t.typnamespace IN (SELECT oid FROM ns)),
-- A partition's copy of a constraint (its foreign keys, the clones that reference each partition)
-- is named as the constraint it was made from: it is created and dropped with that one.
conroot AS (WITH RECURSIVE up(oid, root) AS (
              SELECT oid, oid FROM pg_constraint WHERE conparentid = 0 AND connamespace IN (SELECT oid FROM ns)
              UNION ALL SELECT k.oid, up.root FROM pg_constraint k JOIN up ON k.conparentid = up.oid)
            SELECT oid, root FROM up),
obj(classid, objid, key) AS (
  SELECT 'pg_class'::regclass, oid, key FROM rel
  UNION ALL SELECT 'pg_type'::regclass, oid, key FROM typ
  UNION ALL SELECT 'pg_namespace'::regclass, oid, 'nsp:' || nspname FROM ns
  UNION ALL SELECT 'pg_proc'::regclass, p.oid, 'fn:' || n.nspname || chr(31) || p.proname FROM pg_proc p JOIN ns n ON n.oid = p.pronamespace
  UNION ALL SELECT 'pg_collation'::regclass, o.oid, 'coll:' || n.nspname || chr(31) || o.collname FROM pg_collation o JOIN ns n ON n.oid = o.collnamespace
  UNION ALL SELECT 'pg_constraint'::regclass, k.oid,
         CASE WHEN t.conrelid <> 0 THEN 'con:' || substr(r.key, 5) || chr(31) || t.conname ELSE (SELECT key FROM typ WHERE typ.oid = t.contypid) END
    FROM pg_constraint k JOIN conroot cr ON cr.oid = k.oid JOIN pg_constraint t ON t.oid = cr.root LEFT JOIN rel r ON r.oid = t.conrelid
  -- ... and, on a partition, by its own name: a detached partition keeps it as its own.
  UNION ALL SELECT 'pg_constraint'::regclass, k.oid, 'con:' || substr(r.key, 5) || chr(31) || k.conname
    FROM pg_constraint k JOIN pg_constraint p ON p.oid = k.conparentid JOIN rel r ON r.oid = k.conrelid WHERE k.conrelid <> p.conrelid
  UNION ALL SELECT 'pg_attrdef'::regclass, a.oid, r.key FROM pg_attrdef a JOIN rel r ON r.oid = a.adrelid
  UNION ALL SELECT 'pg_rewrite'::regclass, w.oid, CASE WHEN w.rulename = '_RETURN' THEN r.key ELSE 'rule:' || substr(r.key, 5) || chr(31) || w.rulename END
    FROM pg_rewrite w JOIN rel r ON r.oid = w.ev_class
  UNION ALL SELECT 'pg_trigger'::regclass, g.oid, 'trg:' || substr(r.key, 5) || chr(31) || g.tgname FROM pg_trigger g JOIN rel r ON r.oid = g.tgrelid
  UNION ALL SELECT 'pg_policy'::regclass, y.oid, 'pol:' || substr(r.key, 5) || chr(31) || y.polname FROM pg_policy y JOIN rel r ON r.oid = y.polrelid
  UNION ALL SELECT 'pg_statistic_ext'::regclass, s.oid, 'stat:' || n.nspname || chr(31) || s.stxname FROM pg_statistic_ext s JOIN ns n ON n.oid = s.stxnamespace
  UNION ALL SELECT 'pg_ts_config'::regclass, x.oid, 'tsconfiguration:' || n.nspname || chr(31) || x.cfgname FROM pg_ts_config x JOIN ns n ON n.oid = x.cfgnamespace
  UNION ALL SELECT 'pg_ts_dict'::regclass, x.oid, 'tsdictionary:' || n.nspname || chr(31) || x.dictname FROM pg_ts_dict x JOIN ns n ON n.oid = x.dictnamespace
  UNION ALL SELECT 'pg_ts_parser'::regclass, x.oid, 'tsparser:' || n.nspname || chr(31) || x.prsname FROM pg_ts_parser x JOIN ns n ON n.oid = x.prsnamespace
  UNION ALL SELECT 'pg_ts_template'::regclass, x.oid, 'tstemplate:' || n.nspname || chr(31) || x.tmplname FROM pg_ts_template x JOIN ns n ON n.oid = x.tmplnamespace
  UNION ALL SELECT 'pg_operator'::regclass, x.oid, 'op:' || n.nspname || chr(31) || x.oprname FROM pg_operator x JOIN ns n ON n.oid = x.oprnamespace
  UNION ALL SELECT 'pg_opfamily'::regclass, x.oid, 'opfamily:' || n.nspname || chr(31) || x.opfname FROM pg_opfamily x JOIN ns n ON n.oid = x.opfnamespace
  UNION ALL SELECT 'pg_opclass'::regclass, x.oid, 'opclass:' || n.nspname || chr(31) || x.opcname FROM pg_opclass x JOIN ns n ON n.oid = x.opcnamespace
  UNION ALL SELECT 'pg_foreign_server'::regclass, x.oid, 'server:' || x.srvname FROM pg_foreign_server x
  UNION ALL SELECT 'pg_foreign_data_wrapper'::regclass, x.oid, 'fdw:' || x.fdwname FROM pg_foreign_data_wrapper x
  UNION ALL SELECT 'pg_extension'::regclass, x.oid, 'ext:' || x.extname FROM pg_extension x
),
named AS (SELECT o.classid, o.objid, coalesce(e.key, o.key) AS key FROM obj o LEFT JOIN ext e ON e.classid = o.classid AND e.objid = o.objid WHERE o.key IS NOT NULL)
SELECT DISTINCT a.key AS key, b.key AS needs
  FROM pg_depend d
  JOIN named a ON a.classid = d.classid AND a.objid = d.objid
  JOIN named b ON b.classid = d.refclassid AND b.objid = d.refobjid
 WHERE d.deptype IN ('n', 'a') AND a.key <> b.key
   -- A partition's copy of a constraint is part of that partition too (not what it needs).
   AND NOT (d.classid = 'pg_constraint'::regclass AND d.refclassid = 'pg_class'::regclass
            AND EXISTS (SELECT 1 FROM pg_constraint k WHERE k.oid = d.objid AND k.conparentid <> 0 AND k.conrelid = d.refobjid))
   -- OWNED BY: the sequence comes first, the table's default uses it (reported apart).
   AND NOT (d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
            AND (SELECT relkind FROM pg_class WHERE oid = d.objid) = 'S')
UNION
-- A partitioned index adopts the matching indexes its partitions have of their own when it is
-- created after them (and goes first when dropped): it needs them (pg_depend says the opposite).
SELECT p.key, c.key FROM pg_inherits h JOIN rel p ON p.oid = h.inhparent JOIN rel c ON c.oid = h.inhrelid
 WHERE (SELECT relkind FROM pg_class WHERE oid = h.inhrelid) IN ('i', 'I')`;

const ownedQuery = (exclude: string[]) => `
SELECT 'rel:' || sn.nspname || chr(31) || s.relname AS seq, 'rel:' || tn.nspname || chr(31) || t.relname AS tab
  FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
  JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
 WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND ${userNamespaceFilter('sn.nspname', exclude)}`;

const indexQuery = (exclude: string[]) => `
SELECT 'con:' || n.nspname || chr(31) || t.relname || chr(31) || k.conname AS con, 'rel:' || n.nspname || chr(31) || i.relname AS index
  FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_class i ON i.oid = k.conindid
 WHERE k.contype IN ('p', 'u', 'x') AND ${userNamespaceFilter('n.nspname', exclude)}`;

const tableQuery = (exclude: string[]) => `
SELECT 'rel:' || n.nspname || chr(31) || i.relname AS index, 'rel:' || tn.nspname || chr(31) || t.relname AS table
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
  JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
 WHERE ${userNamespaceFilter('n.nspname', exclude)}`;

export async function dependencyGraph(c: Client, exclude: string[]): Promise<DependencyGraph> {
  // One query at a time on a connection.
  const edges = await c.query(graphQuery(exclude));
  const owned = await c.query(ownedQuery(exclude));
  const indexes = await c.query(indexQuery(exclude));
  const tables = await c.query(tableQuery(exclude));
  const needs = new Map<string, Set<string>>();
  for (const r of edges.rows as { key: string; needs: string }[]) {
    let s = needs.get(r.key);
    if (!s) needs.set(r.key, (s = new Set()));
    s.add(r.needs);
  }
  const ownedBy = new Map((owned.rows as { seq: string; tab: string }[]).map((r) => [r.seq, r.tab]));
  const indexOf = new Map((indexes.rows as { con: string; index: string }[]).map((r) => [r.con, r.index]));
  const tableOf = new Map((tables.rows as { index: string; table: string }[]).map((r) => [r.index, r.table]));
  return { needs, ownedBy, indexOf, tableOf };
}
