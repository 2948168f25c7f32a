// What the live database says about a plan: which relations exist, column types, and (bounded)
// facts about the rows a change touches. Every data query is a read-only transaction with a
// statement_timeout; tables above the row threshold are not scanned: their numbers are estimates
// from the planner's statistics (pg_class.reltuples, pg_stats.null_frac) and are said to be.
import type { Client } from '../db/connect';
import { plural, qi, qualified, splitName } from './names';
import { dottedKey, dottedKeySql, objectId, sqlName, type ObjectId } from '../pg/identity';

export interface RelationInfo {
  id: ObjectId;
  kind: string;
  /** Planner estimate; -1 when the table was never analysed. */
  reltuples: number;
  bytes: number;
}

export interface ColumnInfo {
  /** The table and the column. */
  id: ObjectId;
  /** format_type, e.g. `character varying(10)`. */
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

/** A number of rows, exact or estimated. */
export interface Count {
  n: number;
  exact: boolean;
}

export const DEFAULT_ROW_THRESHOLD = 1_000_000;
/** Never-analysed tables (reltuples = -1) are counted exactly only below this size. */
const UNANALYSED_BYTES = 64 * 1024 * 1024;
const COUNT_TIMEOUT_MS = 5_000;

export const countText = (c: Count | undefined, one: string, many?: string) =>
  c === undefined ? `an unknown number of ${many ?? `${one}s`}` : `${c.exact ? '' : 'about '}${plural(c.n, one, many)}${c.exact ? '' : ' (estimate from statistics)'}`;

export class LiveCatalog {
  private constructor(
    private readonly c: Client,
    readonly relations: Map<string, RelationInfo>,
    readonly columns: Map<string, ColumnInfo>,
    /** `schema.table.constraint` → contype (`f`, `c`, `u`, `p`, `x`) and pg_get_constraintdef. */
    readonly constraints: Map<string, { type: string; def: string }>,
    readonly rowThreshold: number,
  ) {}

  static async load(c: Client, rowThreshold = DEFAULT_ROW_THRESHOLD): Promise<LiveCatalog> {
    // Keyed as classified changes name objects (dottedKey); the parts themselves are kept for the queries.
    const rels = await c.query<{ name: string; s: string; r: string; kind: string; reltuples: string; bytes: string }>(
      `SELECT ${dottedKeySql('n.nspname', 'c.relname')} AS name, n.nspname AS s, c.relname AS r, c.relkind AS kind, c.reltuples::float8 AS reltuples, pg_relation_size(c.oid) AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
    );
    const cols = await c.query<{ name: string; s: string; r: string; a: string; type: string; notnull: boolean; hasdef: boolean }>(
      `SELECT ${dottedKeySql('n.nspname', 'c.relname', 'a.attname')} AS name, n.nspname AS s, c.relname AS r, a.attname AS a, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull, a.atthasdef AS hasdef
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
    );
    const cons = await c.query<{ name: string; type: string; def: string }>(
      `SELECT ${dottedKeySql('n.nspname', 'c.relname', 'k.conname')} AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS def
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
    );
    return new LiveCatalog(
      c,
      new Map(rels.rows.map((r) => [r.name, { id: objectId(r.s, r.r), kind: r.kind, reltuples: Number(r.reltuples), bytes: Number(r.bytes) }])),
      new Map(cols.rows.map((r) => [r.name, { id: objectId(r.s, r.r, r.a), type: r.type, notNull: r.notnull, hasDefault: r.hasdef }])),
      new Map(cons.rows.map((r) => [r.name, { type: r.type, def: r.def }])),
      rowThreshold,
    );
  }

  has(rel: string): boolean {
    return this.relations.has(rel);
  }

  column(col: string): ColumnInfo | undefined {
    return this.columns.get(col);
  }

  /** A relation as SQL names it (from its catalog parts when known). */
  private sql(rel: string): string {
    const r = this.relations.get(rel);
    return r ? sqlName(r.id) : qualified(rel);
  }

  /** Whether a table is small enough to be scanned for exact numbers. */
  private scannable(rel: string): boolean {
    const r = this.relations.get(rel);
    if (!r) return false;
    return r.reltuples >= 0 ? r.reltuples <= this.rowThreshold : r.bytes <= UNANALYSED_BYTES;
  }

  private estimate(rel: string): number | undefined {
    const r = this.relations.get(rel);
    return r && r.reltuples >= 0 ? Math.round(r.reltuples) : undefined;
  }

  /** Runs a bounded, read-only count; undefined when it timed out or failed. */
  private async countQuery(sql: string, params: unknown[] = []): Promise<number | undefined> {
    try {
      await this.c.query('BEGIN READ ONLY');
      await this.c.query(`SET LOCAL statement_timeout = ${COUNT_TIMEOUT_MS}`);
      await this.c.query(`SET LOCAL lock_timeout = 1000`);
      const r = await this.c.query<{ n: string }>(sql, params);
      return Number(r.rows[0]?.n ?? 0);
    } catch {
      return undefined;
    } finally {
      await this.c.query('ROLLBACK').catch(() => undefined);
    }
  }

  /** Rows of a table. */
  async rows(rel: string): Promise<Count | undefined> {
    if (!this.scannable(rel)) {
      const e = this.estimate(rel);
      return e === undefined ? undefined : { n: e, exact: false };
    }
    const n = await this.countQuery(`SELECT count(*) AS n FROM ${this.sql(rel)}`);
    return n === undefined ? undefined : { n, exact: true };
  }

  /** Rows where a column is not null (`nulls`: where it is null). */
  async nonNull(col: string, nulls = false): Promise<Count | undefined> {
    const known = this.columns.get(col)?.id;
    const p = known ? [known.schema, known.name, known.sub!] : splitName(col);
    const rel = dottedKey(...p.slice(0, -1));
    if (!this.scannable(rel)) {
      const est = this.estimate(rel);
      if (est === undefined) return undefined;
      const s = await this.c.query<{ f: number }>(`SELECT null_frac::float8 AS f FROM pg_stats WHERE schemaname = $1 AND tablename = $2 AND attname = $3`, p);
      const f = s.rows[0]?.f;
      if (f === undefined) return undefined;
      return { n: Math.round(est * (nulls ? f : 1 - f)), exact: false };
    }
    const n = await this.countQuery(`SELECT count(*) AS n FROM ${this.sql(rel)} WHERE ${qi(p[p.length - 1])} IS ${nulls ? '' : 'NOT '}NULL`);
    return n === undefined ? undefined : { n, exact: true };
  }

  /**
   * Rows matching `where` (SQL over the table's columns): only on tables under the threshold
   * (there is no estimate for an arbitrary condition).
   */
  async matching(rel: string, where: string): Promise<Count | undefined> {
    if (!this.scannable(rel)) return undefined;
    const n = await this.countQuery(`SELECT count(*) AS n FROM ${this.sql(rel)} WHERE ${where}`);
    return n === undefined ? undefined : { n, exact: true };
  }

  /** Groups of rows sharing the same non-null values of `columns` (what a unique index rejects). */
  async duplicates(rel: string, columns: string[]): Promise<Count | undefined> {
    if (!this.scannable(rel) || !columns.length) return undefined;
    const cols = columns.map(qi).join(', ');
    const notNull = columns.map((c) => `${qi(c)} IS NOT NULL`).join(' AND ');
    const n = await this.countQuery(`SELECT count(*) AS n FROM (SELECT 1 FROM ${this.sql(rel)} WHERE ${notNull} GROUP BY ${cols} HAVING count(*) > 1) d`);
    return n === undefined ? undefined : { n, exact: true };
  }

  /** Rows of `rel` whose `cols` reference no row of `ref(refCols)`. */
  async orphans(rel: string, cols: string[], ref: string, refCols: string[]): Promise<Count | undefined> {
    if (!this.scannable(rel) || !cols.length || cols.length !== refCols.length) return undefined;
    const notNull = cols.map((c) => `t.${qi(c)} IS NOT NULL`).join(' AND ');
    const join = cols.map((c, i) => `r.${qi(refCols[i])} = t.${qi(c)}`).join(' AND ');
    const n = await this.countQuery(`SELECT count(*) AS n FROM ${this.sql(rel)} t WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${this.sql(ref)} r WHERE ${join})`);
    return n === undefined ? undefined : { n, exact: true };
  }

  /** Labels of an enum type, in order. */
  async enumLabels(type: string): Promise<string[]> {
    const [schema, name] = splitName(type);
    const r = await this.c.query<{ l: string }>(
      `SELECT e.enumlabel AS l FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1 AND t.typname = $2 ORDER BY e.enumsortorder`,
      [schema, name],
    );
    return r.rows.map((x) => x.l);
  }

  /** Strictest volatility (`v` > `s` > `i`) among the functions of that name. */
  async volatility(fn: string[]): Promise<'v' | 's' | 'i' | undefined> {
    const name = fn[fn.length - 1];
    const schema = fn.length > 1 ? fn[0] : undefined;
    const r = await this.c.query<{ v: string }>(
      `SELECT p.provolatile AS v FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.proname = $1 AND ($2::text IS NULL OR n.nspname = $2)`,
      [name, schema ?? null],
    );
    const vs = r.rows.map((x) => x.v);
    return vs.includes('v') ? 'v' : vs.includes('s') ? 's' : vs.includes('i') ? 'i' : undefined;
  }

  /**
   * The function `signature` (`schema.name(type, ...)`, resolved by PostgreSQL) if it exists, with
   * its volatility and what stores its results, read from pg_depend: indexes, generated columns
   * and CHECK constraints (of tables and of domains).
   */
  async storedResultsOf(signature: string): Promise<{ volatility: string; dependents: StoredResult[] } | undefined> {
    const f = await this.c.query<{ oid: number; v: string }>(`SELECT p.oid, p.provolatile AS v FROM pg_proc p WHERE p.oid = to_regprocedure($1)`, [signature]);
    if (!f.rows[0]) return undefined;
    const r = await this.c.query<StoredResult>(
      `SELECT 'index' AS kind, format('%s.%s', n.nspname, c.relname) AS object
         FROM pg_depend d JOIN pg_class c ON c.oid = d.objid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid = $1 AND d.classid = 'pg_class'::regclass AND c.relkind IN ('i', 'I')
       UNION ALL
       SELECT 'generated column', format('%s.%s.%s', n.nspname, c.relname, a.attname)
         FROM pg_depend d JOIN pg_attrdef ad ON ad.oid = d.objid JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
         JOIN pg_class c ON c.oid = ad.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid = $1 AND d.classid = 'pg_attrdef'::regclass AND a.attgenerated = 's'
       UNION ALL
       SELECT CASE WHEN k.conrelid = 0 THEN 'domain CHECK' ELSE 'CHECK' END,
              format('%s.%s', coalesce((SELECT format('%s.%s', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = k.conrelid),
                                       (SELECT format('%s.%s', n.nspname, t.typname) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = k.contypid)), k.conname)
         FROM pg_depend d JOIN pg_constraint k ON k.oid = d.objid
        WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid = $1 AND d.classid = 'pg_constraint'::regclass AND k.contype = 'c'
        ORDER BY 1, 2`,
      [f.rows[0].oid],
    );
    return { volatility: f.rows[0].v, dependents: r.rows };
  }
}

/** Something that stores a function's results computed at write time. */
export interface StoredResult {
  kind: 'index' | 'generated column' | 'CHECK' | 'domain CHECK';
  object: string;
}
