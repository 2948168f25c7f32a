// The built-in differ: @pgkit/migra over two live databases, with its inspection normalised first
// so that migra neither plans what PostgreSQL does by itself nor plans what the fixers plan better.
import pg from 'pg';
import { connect, quoteIdent as q, quoteLiteral, quoteQualified as qn } from '../../db/connect';
import { splitStatements } from '../sql';
import type { Node } from '../../pg/node';

export interface MigraOptions {
  /** Schemas the diff ignores (the project's own bookkeeping schema among them). */
  excludeSchemas: string[];
}

type Queryable = import('@pgkit/client').Queryable;
type Inspector = Awaited<ReturnType<typeof import('@pgkit/schemainspect').get_inspector>>;
/** schemainspect's objects as the patches read them, with the fields normalise() adds. */
type Selectable = import('@pgkit/schemainspect').pg.InspectedSelectable & { sub_partition_key?: string | null; is_partition?: boolean };
type Constraint = import('@pgkit/schemainspect').pg.InspectedConstraint & { on_partitioned?: boolean };
type Column = import('@pgkit/schemainspect').ColumnInfo;

interface Pgkit {
  get_inspector: typeof import('@pgkit/schemainspect').get_inspector;
  Migration: typeof import('@pgkit/migra').Migration;
}
let loaded: Pgkit | undefined;

/**
 * migra, schemainspect and @pgkit/client, loaded and patched on the first diff: a plan that takes
 * the fast path (nothing changed) never pays their start-up (about a third of the command's).
 */
function pgkit(): Pgkit {
  if (loaded) return loaded;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { sql } = require('@pgkit/client') as typeof import('@pgkit/client');
  const { Migration } = require('@pgkit/migra') as typeof import('@pgkit/migra');
  const { ColumnInfo, get_inspector, pg: inspected } = require('@pgkit/schemainspect') as typeof import('@pgkit/schemainspect');
  const queries = (require('@pgkit/schemainspect/dist/queries') as typeof import('@pgkit/schemainspect/dist/queries')).queries as Record<string, string>;
  /* eslint-enable @typescript-eslint/no-require-imports */


  // A partition that is itself partitioned: migra writes its bound but forgets its own partition key.
  // (relations.sql puts the bound in partition_def; the key is read separately, see `partitionKeys`.)
  const SUBCLASS = (self: Selectable) => `create ${self.persistence_modifier}table ${self.quoted_full_name} partition of ${self.parent_table} ${self.partition_def}${self.sub_partition_key ? ` partition by ${self.sub_partition_key}` : ''};`;
  const selectableProto = inspected.InspectedSelectable.prototype;
  const baseCreate = Object.getOwnPropertyDescriptor(selectableProto, 'create_statement')!.get!;
  Object.defineProperty(selectableProto, 'create_statement', {
    configurable: true,
    get(this: Selectable) {
      return this.is_partitioning_child_table || (this.relationtype === 'p' && this.parent_table && this.sub_partition_key) ? SUBCLASS(this) : baseCreate.call(this);
    },
  });
  Object.defineProperty(selectableProto, 'is_partitioning_child_table', {
    configurable: true,
    get(this: Selectable) {
      return Boolean(['r', 'p'].includes(this.relationtype) && this.parent_table && this.is_partition);
    },
  });

  // migra's ATTACH PARTITION has parent and partition swapped.
  Object.defineProperty(selectableProto, 'attach_statement', {
    configurable: true,
    get(this: Selectable) {
      if (!this.parent_table) return undefined;
      return this.partition_def
        ? `alter table ${this.parent_table} attach partition ${this.quoted_full_name} ${this.partition_def};`
        : `alter table ${this.quoted_full_name} inherit ${this.parent_table}`;
    },
  });
  // A partition's table-level settings (row security, LOGGED) are altered like any table's: migra
  // refuses ("Not implemented") for partitions, whose columns only it keeps to the parent.
  Object.defineProperty(selectableProto, 'alter_table_statement', {
    configurable: true,
    value(this: Selectable, clause: string) {
      if (!this.is_table) throw new Error(`cannot alter ${this.quoted_full_name} as a table`);
      return `alter table ${this.quoted_full_name} ${clause};`;
    },
  });
  // An enum's labels as string literals (migra writes them between quotes unescaped).
  Object.defineProperty(inspected.InspectedEnum.prototype, 'quoted_elements', {
    configurable: true,
    get(this: { elements: string[] }) {
      return this.elements.map(quoteLiteral).join(', ');
    },
  });
  // A foreign key cannot be added NOT VALID to a partitioned table: migra's add-then-validate is
  // replaced by a plain ADD CONSTRAINT there (normalise() marks those constraints, and foreign keys
  // that reference a partitioned table).
  const constraintProto = inspected.InspectedConstraint.prototype;
  const baseSafer = Object.getOwnPropertyDescriptor(constraintProto, 'safer_create_statements')!.get!;
  Object.defineProperty(constraintProto, 'safer_create_statements', {
    configurable: true,
    get(this: Constraint) {
      return this.on_partitioned ? [this.create_statement] : baseSafer.call(this);
    },
  });

  // A column's collation: migra reads it unqualified and leaves it out of CREATE TABLE (a later
  // ALTER COLUMN TYPE re-adds it, rewriting the table). It is read schema-qualified and quoted, and
  // written right after the column's type.
  const COLLNAME = 'SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t';
  for (const f of ['relations.sql']) {
    if (!queries[f].includes(COLLNAME)) throw new Error(`schemainspect's ${f} changed: the column collation patch no longer applies`);
    queries[f] = queries[f].replace(
      COLLNAME,
      'SELECT quote_ident(cn.nspname) || \'.\' || quote_ident(c.collname) FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace cn ON cn.oid = c.collnamespace, pg_catalog.pg_type t',
    );
  }
  // A table whose columns were all dropped still exists: migra's inspection filters dropped
  // columns after its outer join, which loses the table (and plans CREATE TABLE forever).
  const DROPPED = 'left join pg_catalog.pg_attribute a\n        on r.oid = a.attrelid and a.attnum > 0\n';
  if (!queries['relations.sql'].includes(DROPPED) || !queries['relations.sql'].includes('where a.attisdropped is not true')) throw new Error("schemainspect's relations.sql changed: the dropped-columns patch no longer applies");
  queries['relations.sql'] = queries['relations.sql']
    .replace(DROPPED, 'left join pg_catalog.pg_attribute a\n        on r.oid = a.attrelid and a.attnum > 0 and not a.attisdropped\n')
    .replace('where a.attisdropped is not true', 'where true');
  // An index's collations are compared by name: OIDs of user collations differ between databases.
  const INDCOLL = 'indcollation key_collations,';
  if (!queries['indexes.sql'].includes(INDCOLL)) throw new Error("schemainspect's indexes.sql changed: the index collation patch no longer applies");
  queries['indexes.sql'] = queries['indexes.sql'].replace(
    INDCOLL,
    `(SELECT string_agg(coalesce(quote_ident(cn.nspname) || '.' || quote_ident(co.collname), '0'), ' ' ORDER BY k.ord)
        FROM unnest(x.indcollation::oid[]) WITH ORDINALITY k(coll, ord) LEFT JOIN pg_collation co ON co.oid = k.coll
        LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace) key_collations,`,
  );
  const columnProto = ColumnInfo.prototype;
  const baseCreation = Object.getOwnPropertyDescriptor(columnProto, 'creation_clause')!.get!;
  Object.defineProperty(columnProto, 'collation_subclause', {
    configurable: true,
    get(this: Column) {
      return this.collation ? ` collate ${this.collation}` : '';
    },
  });
  Object.defineProperty(columnProto, 'creation_clause', {
    configurable: true,
    get(this: Column) {
      const base: string = baseCreation.call(this);
      const head = `${this.quoted_name} ${this.dbtypestr}`;
      return this.collation && base.startsWith(head) ? head + this.collation_subclause + base.slice(head.length) : base;
    },
  });
  // add_column_clause appends the collation after the whole clause (after DEFAULT): put it in place.
  Object.defineProperty(columnProto, 'add_column_clause', {
    configurable: true,
    get(this: Column) {
      return `add column ${this.creation_clause}`;
    },
  });

  // @pgkit/client names every query by parsing it with a JavaScript SQL parser (for logs): on the
  // inspection's large catalog queries that is most of the diff's CPU time. The name is a label only.
  (sql as unknown as { raw: (query: string, values?: unknown[]) => unknown }).raw = (query: string, values: unknown[] = []) => ({
    sql: query,
    parse: (x: unknown) => x,
    name: 'schemaop_inspect',
    token: 'sql',
    values,
    segments: () => [query],
    templateArgs: () => [[query]],
  });
  loaded = { get_inspector, Migration };
  return loaded;
}

/** Extra catalog facts migra's inspection lacks, read in one round trip per database. */
const FACTS = `
SELECT json_build_object(
  'inheritedIndexes', (SELECT coalesce(json_agg(json_build_array(n.nspname, c.relname)), '[]') FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('i', 'I')
       -- an index behind a partition's own key is the key's: compared (and created) with it
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid AND k.conparentid = 0 AND k.conrelid = (SELECT indrelid FROM pg_index WHERE indexrelid = c.oid))),
  'inheritedConstraints', (SELECT coalesce(json_agg(json_build_array(n.nspname, c.relname, k.conname)), '[]') FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE k.conparentid <> 0 OR NOT k.conislocal),
  'partitioned', (SELECT coalesce(json_agg(json_build_array(n.nspname, c.relname, c.relispartition, pg_get_partkeydef(c.oid))), '[]') FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p' OR c.relispartition),
  'clonedTriggers', (SELECT coalesce(json_agg(json_build_array(n.nspname, c.relname, t.tgname)), '[]') FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE t.tgparentid <> 0),
  'inheritedColumns', (SELECT coalesce(json_agg(json_build_array(n.nspname, c.relname, a.attname)), '[]') FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT a.attislocal AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind = 'r' AND NOT c.relispartition)
) AS f`;

interface Facts {
  inheritedIndexes: [string, string][];
  inheritedConstraints: [string, string, string][];
  partitioned: [string, string, boolean, string | null][];
  inheritedColumns: [string, string, string][];
  clonedTriggers: [string, string, string][];
}

function removeKeys(dict: Record<string, unknown>, keys: Set<string>) {
  for (const k of Object.keys(dict)) if (keys.has(k)) delete dict[k];
}

/**
 * Normalises both inspections before migra compares them:
 * - live table columns take the desired column order (order is not a difference a migration can make);
 * - indexes and constraints that partitions inherit from their partitioned parent are PostgreSQL's to
 *   create and attach: only the parent's are compared, created without ONLY (which recurses and
 *   attaches), and index-backed constraints of partitioned tables are added by definition;
 * - columns a child table only inherits are its parent's to add and drop;
 * - enums that only gain values are the enum fixer's (ALTER TYPE ... ADD VALUE), domains and
 *   collations are their fixers' too.
 */
function normalise(a: Inspector, b: Inspector, fa: Facts, fb: Facts): void {
  for (const [k, t] of Object.entries(b.tables)) {
    const live = a.tables[k];
    if (!live) continue;
    // migra's own "inherited" flag (a column of the same name in the parent) is no change to make:
    // the table's INHERIT / NO INHERIT is planned from parent_table.
    for (const [c, col] of Object.entries(t.columns)) if (live.columns[c]) live.columns[c].is_inherited = col.is_inherited;
    const order = Object.keys(t.columns);
    const cols = live.columns;
    const sorted = Object.keys(cols).sort((x, y) => rank(order, x) - rank(order, y));
    live.columns = Object.fromEntries(sorted.map((c) => [c, cols[c]]));
  }

  for (const [i, f] of [
    [a, fa],
    [b, fb],
  ] as const) {
    const idx = new Set(f.inheritedIndexes.map(([s, n]) => qn(s, n)));
    const con = new Set(f.inheritedConstraints.map(([s, t, n]) => `${qn(s, t)}.${q(n)}`));
    if (i === a) {
      // A live index that the desired schema attaches to a partitioned one is attached by the
      // partition-properties fixer (with the key it backs there), not dropped and made again. One
      // that already backs a key of its own is left to migra: the key is re-made as the parent's.
      const backing = new Set(Object.values(a.constraints).filter((c) => c.index).map((c) => qn(c.schema, c.index)));
      for (const [s, n] of fb.inheritedIndexes) if (!backing.has(qn(s, n))) idx.add(qn(s, n));
    }
    const parts = new Map(f.partitioned.map(([s, n, isPart, key]) => [qn(s, n), { isPart, key }]));
    for (const [k, t] of Object.entries(i.tables) as [string, Selectable][]) {
      const p = parts.get(k);
      t.is_partition = !!p?.isPart;
      t.sub_partition_key = p?.isPart ? p.key : null;
      if (p?.isPart && !t.parent_table) t.is_partition = false;
    }
    // The backing indexes of constraints on partitioned tables: the constraint is added by definition.
    // Triggers that partitions get from their parent's trigger are PostgreSQL's to create.
    removeKeys(i.triggers, new Set(f.clonedTriggers.map(([s, t, n]) => `${qn(s, t)}.${q(n)}`)));
    for (const c of Object.values(i.constraints)) {
      const t = i.tables[c.quoted_full_table_name];
      // (Also a foreign key that references a partitioned table: validating it leaves its
      // per-partition constraints NOT VALID in PostgreSQL 17.)
      const ref = c.quoted_full_foreign_table_name ? i.tables[c.quoted_full_foreign_table_name] : undefined;
      if (t?.relationtype === 'p' || ref?.relationtype === 'p') Object.defineProperty(c, 'on_partitioned', { value: true, enumerable: false });
      if (c.index && t?.relationtype === 'p') {
        idx.add(qn(c.schema, c.index));
        (c as { index: string | null }).index = null;
      }
    }
    removeKeys(i.indexes, idx);
    removeKeys(i.constraints, con);
    for (const r of Object.values(i.relations)) {
      removeKeys(r.indexes, idx);
      removeKeys(r.constraints, con);
    }
    for (const ix of Object.values(i.indexes)) {
      if (i.tables[ix.quoted_full_table_name]?.relationtype === 'p') ix.definition = String(ix.definition).replace(/ ON ONLY /, ' ON ');
    }
  }

  // Columns a child table only inherits.
  const inh = (f: Facts) => new Set(f.inheritedColumns.map(([s, t, c]) => `${qn(s, t)}\0${c}`));
  const ia = inh(fa);
  const ib = inh(fb);
  for (const [k, t] of Object.entries(a.tables)) {
    // One the desired table defines itself (merged with a parent's, or on its own after NO INHERIT)
    // is compared like any column of the table.
    const want = b.tables[k] as Selectable | undefined;
    for (const c of Object.keys(t.columns)) if (ia.has(`${k}\0${c}`) && (ib.has(`${k}\0${c}`) || !want || !(c in want.columns))) delete t.columns[c];
  }
  for (const [k, t] of Object.entries(b.tables)) {
    const live = a.tables[k];
    for (const c of Object.keys(t.columns)) {
      if (ib.has(`${k}\0${c}`) && (!live || ia.has(`${k}\0${c}`) || !(c in live.columns))) delete t.columns[c];
    }
  }

  // Which index CLUSTER uses is the relations fixer's (ALTER TABLE ... CLUSTER ON), not a new index.
  for (const [k, ix] of Object.entries(b.indexes)) if (a.indexes[k]) a.indexes[k].is_clustered = ix.is_clustered;

  // Enums that only gain values.
  for (const [k, e] of Object.entries(b.enums)) {
    const live = a.enums[k];
    if (live && enumOnlyGains(live.elements, e.elements)) live.elements = e.elements;
  }
  // A domain over an enum has the enum's type category: schemainspect lists it as an enum too.
  for (const i of [a, b]) for (const k of Object.keys(i.domains ?? {})) delete i.enums[k];
  a.domains = {};
  b.domains = {};
  a.collations = {};
  b.collations = {};
}

/**
 * CHECK constraints whose printed definitions differ although they mean the same: PostgreSQL's
 * printed form of an expression does not always parse back to the same tree (`x IN ('a', 'b')` on
 * a varchar column prints as `(x)::text = ANY ((ARRAY['a'::character varying, ...])::text[])`,
 * which prints differently once re-parsed). Both definitions are parsed again on the desired
 * table, in the dev database, in a transaction that is rolled back: equal prints mean no change.
 */
async function sameChecks(a: Inspector, b: Inspector, dev: InspectClient): Promise<void> {
  const candidates = Object.entries(b.constraints).filter(([k, c]) => {
    const h = a.constraints[k];
    return h && c.constraint_type === 'CHECK' && h.constraint_type === 'CHECK' && h.definition !== c.definition && !/NOT VALID/.test(h.definition + c.definition);
  });
  if (!candidates.length) return;
  await dev.any({ sql: 'BEGIN' });
  try {
    let n = 0;
    for (const [k, c] of candidates) {
      const table = c.quoted_full_table_name;
      const tmp = (x: string) => `schemaop_check_${n}_${x}`;
      await dev.any({ sql: 'SAVEPOINT s' });
      try {
        await dev.any({ sql: `ALTER TABLE ${table} ADD CONSTRAINT ${tmp('a')} ${a.constraints[k].definition} NOT VALID, ADD CONSTRAINT ${tmp('b')} ${c.definition} NOT VALID` });
        const defs = await dev.any({
          sql: `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = ${quoteLiteral(table)}::regclass AND conname IN ('${tmp('a')}', '${tmp('b')}')`,
        });
        const by = new Map(defs.map((r) => [r.conname, r.def]));
        if (by.get(tmp('a')) !== undefined && by.get(tmp('a')) === by.get(tmp('b'))) a.constraints[k].definition = c.definition;
      } catch {
        // Not comparable this way: migra's plan stands.
      }
      await dev.any({ sql: 'ROLLBACK TO SAVEPOINT s' });
      n++;
    }
  } finally {
    await dev.any({ sql: 'ROLLBACK' });
  }
}

/**
 * Views and materialized views whose printed queries differ although they mean the same: a query
 * printed by PostgreSQL does not always print the same once created again from that print (an
 * untyped NULL in a UNION prints as `NULL::integer`, which prints back as `NULL::integer AS int4`).
 * The desired query is created again as a temporary view in the dev database, in a transaction
 * that is rolled back: when its print is the live one, the live view already is the desired one.
 */
async function sameViews(a: Inspector, b: Inspector, dev: InspectClient): Promise<void> {
  const candidates = (['views', 'materialized_views'] as const).flatMap((kind) =>
    Object.entries(b[kind])
      .filter(([k, v]) => a[kind]?.[k] && a[kind][k].definition !== v.definition)
      .map(([k, v]) => ({ live: a[kind][k], desired: v })),
  );
  if (!candidates.length) return;
  await dev.any({ sql: 'BEGIN' });
  try {
    let n = 0;
    for (const { live, desired } of candidates) {
      const tmp = `pg_temp.schemaop_view_${n++}`;
      await dev.any({ sql: 'SAVEPOINT s' });
      try {
        await dev.any({ sql: `CREATE VIEW ${tmp} AS ${String(desired.definition).replace(/;\s*$/, '')}` });
        const printed = await dev.oneFirst({ sql: `SELECT pg_get_viewdef('${tmp}'::regclass)` });
        if (printed === live.definition) live.definition = desired.definition;
      } catch {
        // Not comparable this way: migra's plan stands.
      }
      await dev.any({ sql: 'ROLLBACK TO SAVEPOINT s' });
    }
  } finally {
    await dev.any({ sql: 'ROLLBACK' });
  }
}

const rank = (order: string[], c: string) => {
  const i = order.indexOf(c);
  return i < 0 ? order.length : i;
};

/** Whether `want` is `have` with values added (anywhere), the existing ones in the same order. */
export function enumOnlyGains(have: string[], want: string[]): boolean {
  if (have.length >= want.length) return false;
  const kept = want.filter((x) => have.includes(x));
  return kept.length === have.length && kept.every((x, i) => x === have[i]);
}


// The inspection's numeric columns as @pgkit/client's recommended parsers read them.
const NUMBER_TYPES = new Set([20, 21, 23, 1700]);
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => (NUMBER_TYPES.has(oid) ? Number : pg.types.getTypeParser(oid, format as 'text')),
} as unknown as pg.CustomTypesConfig;

/** The two query methods schemainspect uses, over one plain connection. */
interface InspectClient {
  any(q: { sql: string; values?: unknown[] }): Promise<Record<string, unknown>[]>;
  oneFirst(q: { sql: string; values?: unknown[] }): Promise<unknown>;
  end(): Promise<void>;
}

async function client(url: string): Promise<InspectClient> {
  const c = await connect(url, { purpose: 'diff' });
  const run = async (q: { sql: string; values?: unknown[] }) => (await c.query<Record<string, unknown>>({ text: q.sql, values: q.values?.length ? q.values : undefined, types })).rows;
  return {
    any: run,
    oneFirst: async (q) => {
      const r = (await run(q))[0];
      return r ? Object.values(r)[0] : undefined;
    },
    end: () => c.end(),
  };
}

/** The live side's inspection, which can start while the dev database is still being loaded. */
export interface LiveInspection {
  inspector: Inspector;
  facts: Facts;
}

export async function inspectLive(url: string, opts: MigraOptions): Promise<LiveInspection> {
  const c = await client(url);
  try {
    const [inspector, facts] = await Promise.all([pgkit().get_inspector(c as unknown as Queryable, undefined, opts.excludeSchemas) as Promise<Inspector>, c.oneFirst({ sql: FACTS })]);
    return { inspector, facts: facts as Facts };
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Statements that take `fromUrl`'s schema to `toUrl`'s, as migra plans them (privileges excluded), with their parse trees. */
export async function migraDiff(fromUrl: string, toUrl: string, opts: MigraOptions & { live?: Promise<LiveInspection> }): Promise<{ sql: string; stmt: Node }[]> {
  const to = await client(toUrl);
  try {
    // Both databases are inspected at once (Migration.create would inspect one after the other).
    const [live, b, fb] = await Promise.all([
      opts.live ?? inspectLive(fromUrl, opts),
      pgkit().get_inspector(to as unknown as Queryable, undefined, opts.excludeSchemas) as Promise<Inspector>,
      to.oneFirst({ sql: FACTS }),
    ]);
    const a = live.inspector;
    normalise(a, b, live.facts, fb as Facts);
    await sameChecks(a, b, to);
    await sameViews(a, b, to);
    const m = await pgkit().Migration.create(a, b, {});
    m.set_safety(false);
    // Privileges belong to the access model, not to the schema diff.
    m.add_all_changes(false);
    const out: { sql: string; stmt: Node }[] = [];
    for (const chunk of m.statements) {
      let parts: { sql: string; stmt: Node }[];
      try {
        parts = await splitStatements(chunk);
      } catch (e) {
        throw new Error(`migra planned a statement PostgreSQL cannot parse: ${(e as Error).message}\n${chunk}`, { cause: e });
      }
      for (const s of parts) {
        // The engine sets check_function_bodies itself for the whole apply.
        if (/^set\s+check_function_bodies\b/i.test(s.sql)) continue;
        // migra's placeholder for exclusion-constraint indexes (the constraint creates the index).
        if (/^select\s+1$/i.test(s.sql)) continue;
        out.push(s);
      }
    }
    return out;
  } finally {
    await to.end().catch(() => undefined);
  }
}
