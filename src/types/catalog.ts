// What the type generators read from the scratch database holding the desired schema: tables,
// their columns (domains resolved to their base type, arrays to their element type), keys,
// indexes, checks and the enums they use. One query per kind of object, over every table at once.
import type { Client } from '../db/connect';
import { userNamespaceFilter } from '../engine/fingerprint';
import { notExtensionMember } from '../pg/catalog-sql';

export interface ColumnType {
  /** pg_type name of the (element) type: int4, varchar, timestamptz, message_role, ... */
  name: string;
  schema: string;
  /** pg_type.typtype of the (element) type: b base, e enum, c composite, r range, ... */
  kind: string;
  /** Array dimensions; 0 for a scalar. */
  dims: number;
  /** varchar(n), char(n). */
  length?: number;
  /** numeric(p, s); timestamp(p), time(p). */
  precision?: number;
  scale?: number;
  /** format_type(): the type as PostgreSQL writes it. */
  sql: string;
}

export interface Column {
  name: string;
  type: ColumnType;
  notNull: boolean;
  /** The default expression as PostgreSQL normalised it (pg_get_expr). */
  default?: string;
  identity?: 'always' | 'by default';
  /** STORED generated column: its expression. */
  generated?: string;
  /** A serial column: an int column whose default is its own sequence's nextval. */
  serial?: boolean;
  comment?: string;
}

export type FkAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKey {
  name: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
  onDelete: FkAction;
  onUpdate: FkAction;
}

export interface IndexKey {
  /** A column, or else an expression. */
  column?: string;
  expression?: string;
  desc: boolean;
  nullsFirst: boolean;
}

export interface Index {
  name: string;
  unique: boolean;
  method: string;
  keys: IndexKey[];
  where?: string;
}

export interface Table {
  schema: string;
  name: string;
  comment?: string;
  columns: Column[];
  primaryKey?: { name: string; columns: string[] };
  uniques: { name: string; columns: string[]; nullsNotDistinct: boolean }[];
  foreignKeys: ForeignKey[];
  checks: { name: string; expression: string }[];
  indexes: Index[];
}

export interface Enum {
  schema: string;
  name: string;
  labels: string[];
}

export interface TypeCatalog {
  tables: Table[];
  enums: Enum[];
}

const ACTIONS: Record<string, FkAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

const byName = <T extends { schema: string; name: string }>(a: T, b: T) => (a.schema === b.schema ? cmp(a.name, b.name) : cmp(a.schema, b.schema));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Ordinary and partitioned tables (not partitions) of the user's schemas, not of extensions. */
const TABLES = `
SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${userNamespaceFilter('n.nspname')}
   AND ${notExtensionMember('pg_class', 'c.oid')}`;

const COLUMNS = `
SELECT a.attrelid::int AS rel, a.attname AS name, a.attnotnull AS not_null, a.attidentity AS identity, a.attgenerated AS generated,
       pg_get_expr(ad.adbin, ad.adrelid) AS default, format_type(a.atttypid, a.atttypmod) AS sql, col_description(a.attrelid, a.attnum) AS comment,
       CASE WHEN t.typcategory = 'A' THEN greatest(a.attndims, 1) ELSE 0 END AS dims,
       et.typname AS type_name, etn.nspname AS type_schema, et.typtype AS type_kind, b.typmod,
       pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) IS NOT NULL AND a.attidentity = '' AS owns_sequence
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  JOIN pg_type t0 ON t0.oid = a.atttypid
  CROSS JOIN LATERAL (SELECT CASE WHEN t0.typtype = 'd' THEN t0.typbasetype ELSE t0.oid END AS oid,
                             CASE WHEN t0.typtype = 'd' THEN t0.typtypmod ELSE a.atttypmod END AS typmod) b
  JOIN pg_type t ON t.oid = b.oid
  JOIN pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
  JOIN pg_namespace etn ON etn.oid = et.typnamespace
 WHERE a.attrelid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attrelid, a.attnum`;

const names = (rel: string, keys: string) =>
  `ARRAY(SELECT att.attname::text FROM unnest(${keys}) WITH ORDINALITY u(num, i) JOIN pg_attribute att ON att.attrelid = ${rel} AND att.attnum = u.num ORDER BY u.i)`;

const CONSTRAINTS = `
SELECT k.conrelid::int AS rel, k.conname AS name, k.contype AS type, ${names('k.conrelid', 'k.conkey')} AS columns,
       rn.nspname AS ref_schema, r.relname AS ref_table, ${names('k.confrelid', 'k.confkey')} AS ref_columns,
       k.confdeltype AS on_delete, k.confupdtype AS on_update,
       CASE WHEN k.contype = 'c' THEN pg_get_expr(k.conbin, k.conrelid) END AS expression,
       pg_get_constraintdef(k.oid) LIKE '%NULLS NOT DISTINCT%' AS nulls_not_distinct
  FROM pg_constraint k
  LEFT JOIN pg_class r ON r.oid = k.confrelid
  LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
 WHERE k.conrelid = ANY ($1::oid[]) AND k.contype IN ('p', 'u', 'f', 'c')
 ORDER BY k.conname`;

/** Indexes of their own (not those of a primary key, unique or exclusion constraint). */
const INDEXES = `
SELECT i.indrelid::int AS rel, ic.relname AS name, i.indisunique AS unique, am.amname AS method,
       pg_get_expr(i.indpred, i.indrelid, true) AS where,
       ARRAY(SELECT json_build_object('column', CASE WHEN i.indkey[k.n - 1] <> 0 THEN att.attname END,
                                      'expression', CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.n, true) END,
                                      'option', i.indoption[k.n - 1])::text
               FROM generate_series(1, i.indnkeyatts) k(n)
               LEFT JOIN pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = i.indkey[k.n - 1]
              ORDER BY k.n) AS keys
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_am am ON am.oid = ic.relam
 WHERE i.indrelid = ANY ($1::oid[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
 ORDER BY ic.relname`;

const ENUMS = `
SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
  FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE ${userNamespaceFilter('n.nspname')}
 GROUP BY n.nspname, t.typname`;

/** Splits a typmod into what the type's modifier means. */
function modifiers(typeName: string, typmod: number): Pick<ColumnType, 'length' | 'precision' | 'scale'> {
  if (typmod < 0) return {};
  if (typeName === 'varchar' || typeName === 'bpchar') return { length: typmod - 4 };
  if (typeName === 'numeric') return { precision: ((typmod - 4) >> 16) & 0xffff, scale: (typmod - 4) & 0xffff };
  if (['timestamp', 'timestamptz', 'time', 'timetz', 'interval'].includes(typeName)) return { precision: typmod & 0xffff };
  return {};
}

/** Reads the catalog of the database `c` is connected to (the scratch database of the desired schema). */
export async function readCatalog(c: Client): Promise<TypeCatalog> {
  const tables = (await c.query(TABLES)).rows as { oid: number; schema: string; name: string; comment: string | null }[];
  const oids = tables.map((t) => t.oid);
  const out = new Map<number, Table>();
  for (const t of tables) {
    out.set(t.oid, { schema: t.schema, name: t.name, ...(t.comment ? { comment: t.comment } : {}), columns: [], uniques: [], foreignKeys: [], checks: [], indexes: [] });
  }
  // One connection answers one query at a time.
  const columns = (await c.query(COLUMNS, [oids])).rows;
  const constraints = (await c.query(CONSTRAINTS, [oids])).rows;
  const indexes = (await c.query(INDEXES, [oids])).rows;
  const enums = (await c.query(ENUMS)).rows as Enum[];
  for (const r of columns) {
    const type: ColumnType = { name: r.type_name, schema: r.type_schema, kind: r.type_kind, dims: r.dims, sql: r.sql, ...modifiers(r.type_name, r.typmod) };
    out.get(r.rel)!.columns.push({
      name: r.name,
      type,
      notNull: r.not_null,
      ...(r.default !== null && r.generated !== 's' ? { default: r.default } : {}),
      ...(r.identity === 'a' ? { identity: 'always' } : r.identity === 'd' ? { identity: 'by default' } : {}),
      ...(r.generated === 's' ? { generated: r.default } : {}),
      ...(r.owns_sequence && /^nextval\(/.test(r.default ?? '') ? { serial: true } : {}),
      ...(r.comment ? { comment: r.comment } : {}),
    });
  }
  for (const r of constraints) {
    const t = out.get(r.rel)!;
    if (r.type === 'p') t.primaryKey = { name: r.name, columns: r.columns };
    else if (r.type === 'u') t.uniques.push({ name: r.name, columns: r.columns, nullsNotDistinct: r.nulls_not_distinct });
    else if (r.type === 'c') t.checks.push({ name: r.name, expression: r.expression });
    else
      t.foreignKeys.push({
        name: r.name,
        columns: r.columns,
        refSchema: r.ref_schema,
        refTable: r.ref_table,
        refColumns: r.ref_columns,
        onDelete: ACTIONS[r.on_delete],
        onUpdate: ACTIONS[r.on_update],
      });
  }
  for (const r of indexes) {
    const keys = (r.keys as string[]).map((k) => {
      const j = JSON.parse(k) as { column: string | null; expression: string | null; option: number };
      // indoption: bit 0 DESC, bit 1 NULLS FIRST.
      return { ...(j.column !== null ? { column: j.column } : { expression: j.expression! }), desc: (j.option & 1) !== 0, nullsFirst: (j.option & 2) !== 0 };
    });
    out.get(r.rel)!.indexes.push({ name: r.name, unique: r.unique, method: r.method, keys, ...(r.where ? { where: r.where } : {}) });
  }
  return { tables: [...out.values()].sort(byName), enums: enums.map((e) => ({ ...e, labels: [...e.labels] })).sort(byName) };
}

/** The tables an output names (`users`, `public.users`, or every table), and the enums they use. */
export function selectTables(catalog: TypeCatalog, names?: string[]): TypeCatalog {
  if (!names) return catalog;
  const wanted = new Set(names.map((n) => (n.includes('.') ? n : `public.${n}`)));
  const missing = [...wanted].filter((n) => !catalog.tables.some((t) => `${t.schema}.${t.name}` === n));
  if (missing.length) throw new Error(`no table ${missing.join(', ')} in the desired schema`);
  const tables = catalog.tables.filter((t) => wanted.has(`${t.schema}.${t.name}`));
  const used = new Set(tables.flatMap((t) => t.columns.filter((c) => c.type.kind === 'e').map((c) => `${c.type.schema}.${c.type.name}`)));
  return { tables, enums: catalog.enums.filter((e) => used.has(`${e.schema}.${e.name}`)) };
}
