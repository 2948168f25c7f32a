// Defaults of columns a child table inherits. A child may give an inherited column its own DEFAULT
// (`CREATE TABLE c (v int DEFAULT 42) INHERITS (p)`, or ALTER TABLE c ALTER v SET DEFAULT), which
// migra never compares: it leaves inherited columns to their parent. And a parent's SET DEFAULT
// recurses into every child, overwriting the children's own defaults.
// So a default planned on a table with inheritance children is set on that table ONLY, and each
// inherited column gets its desired default (on that table ONLY) after everything else wherever
// the plan leaves it another one: the live one, or the one a new table or column takes from its
// parent (CREATE TABLE ... INHERITS and a parent's ADD COLUMN copy the parent's default).
import type { Fixer } from './types';
import { DiffContext, classifyCached, createdByMigra, droppedByMigra, key, nsFilter, qname, quoteIdentIfNeeded, rows } from './catalog';
import type { DiffStatement } from './types';
import { dottedKeySql } from '../../pg/identity';
import { notExtensionMember } from '../../pg/catalog-sql';

interface ColumnRow {
  schema: string;
  name: string;
  column: string;
  def: string | null;
  inherited: boolean;
  /** Defined on the table itself (possibly also inherited: a merged column). */
  local: boolean;
  /** The tables it inherits from directly, as keys. */
  parents: string[] | null;
}

const query = (ctx: DiffContext) => `
  SELECT n.nspname AS schema, c.relname AS name, a.attname AS column, pg_get_expr(d.adbin, d.adrelid) AS def,
         a.attinhcount > 0 AS inherited, a.attislocal AS local,
         (SELECT array_agg(${dottedKeySql('pn.nspname', 'p.relname')} ORDER BY i.inhseqno) FROM pg_inherits i
            JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid) AS parents
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     AND ${nsFilter('n.nspname', ctx)}
     AND ${notExtensionMember('pg_class', 'c.oid')}`;

const byColumn = (rs: ColumnRow[]): Map<string, ColumnRow> => new Map(rs.map((r) => [`${key(r.schema, r.name)}\0${r.column}`, r]));
const tablesOf = (rs: ColumnRow[]) => new Map(rs.map((r) => [key(r.schema, r.name), r.parents ?? []]));

export const inheritedDefaults: Fixer = {
  name: 'inherited-defaults',
  doc: "a child table's own DEFAULT on a column it inherits, and a parent's default set on the parent ONLY",
  async run(ctx, planned) {
    const [have, want] = await Promise.all([rows<ColumnRow>(ctx.from, query(ctx)), rows<ColumnRow>(ctx.to, query(ctx))]);
    if (!want.some((w) => w.inherited) && !have.some((h) => h.inherited)) return {};
    const live = byColumn(have);
    const desired = byColumn(want);
    const parentsOf = tablesOf(want);
    const liveTables = tablesOf(have);
    const fresh = new Set([...droppedByMigra(ctx), ...createdByMigra(ctx)]);
    const isNew = (table: string) => fresh.has(table) || !liveTables.has(table);
    const at = (table: string, column: string) => `${table}\0${column}`;

    const parents = new Set([...have, ...want].flatMap((r) => r.parents ?? []));
    const replace = await onlyOnParents(planned, parents);

    // migra plans a column's default itself when the desired table defines the column and it is
    // there already or comes with its table.
    const migraOwns = (table: string, column: string) => desired.get(at(table, column))!.local && (isNew(table) || live.has(at(table, column)));
    /** The first parent that has the column: the one PostgreSQL takes a new child's default from. */
    const parentWith = (table: string, column: string) => (parentsOf.get(table) ?? []).find((p) => desired.has(at(p, column)));
    /** The default the column has once the rest of the plan ran; undefined when it cannot be told. */
    const predict = (table: string, column: string, depth = 0): string | null | undefined => {
      if (migraOwns(table, column)) return desired.get(at(table, column))!.def;
      const l = isNew(table) ? undefined : live.get(at(table, column));
      if (l) return l.def;
      const parent = parentWith(table, column);
      return parent && depth < 64 ? predict(parent, column, depth + 1) : undefined;
    };

    const after: string[] = [];
    for (const d of desired.values()) {
      const table = key(d.schema, d.name);
      if (!d.inherited || migraOwns(table, d.column) || predict(table, d.column) === d.def) continue;
      const column = `ALTER TABLE ONLY ${qname(d.schema, d.name)} ALTER COLUMN ${quoteIdentIfNeeded(d.column)}`;
      after.push(d.def === null ? `${column} DROP DEFAULT` : `${column} SET DEFAULT ${d.def}`);
    }
    return { after, ...(replace ? { replace } : {}) };
  },
};

/** migra's SET / DROP DEFAULT on a table with inheritance children, made ONLY (it would recurse); undefined when there is none. */
async function onlyOnParents(planned: DiffStatement[], parents: Set<string>): Promise<DiffStatement[] | undefined> {
  if (!parents.size) return undefined;
  let changed = false;
  const out: DiffStatement[] = [];
  for (const s of planned) {
    if (s.source === 'migra' && /^alter table "/i.test(s.sql)) {
      const c = await classifyCached(s.sql);
      const onParent = c.changes.length > 0 && c.changes.every((x) => (x.kind === 'set_default' || x.kind === 'drop_default') && parents.has(x.object.slice(0, x.object.lastIndexOf('.'))));
      if (onParent) {
        out.push({ ...s, sql: s.sql.replace(/^alter table /i, 'alter table only ') });
        changed = true;
        continue;
      }
    }
    out.push(s);
  }
  return changed ? out : undefined;
}
