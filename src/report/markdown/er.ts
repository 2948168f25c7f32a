// The Mermaid erDiagram of a change: the tables it touches and their neighbours by foreign key,
// read from the desired schema's parse tree (so it shows the shape after the change), with new,
// changed and dropped tables and columns marked.
import { fileTree, type DesiredSchema } from '../../engine/source';
import { ddlRelations } from '../../engine/ddl-relations';
import type { ReviewStatement } from './review';
import { rangeVarKey, type Node } from '../../pg/node';

export interface ErTable {
  name: string;
  columns: { name: string; type: string; key?: 'PK' | 'FK' | 'UK' }[];
}
export interface ErForeignKey {
  /** Referencing table. */
  from: string;
  to: string;
  columns: string[];
  nullable: boolean;
}
export interface ErModel {
  tables: Map<string, ErTable>;
  foreignKeys: ErForeignKey[];
}

const sval = (n: Node) => (n?.String?.sval ?? '') as string;

/** Tables, columns, keys and foreign keys declared in schema/. */
export async function erModel(schema: DesiredSchema): Promise<ErModel> {
  const tables = new Map<string, ErTable>();
  for (const [q, r] of await ddlRelations(schema)) {
    if (r.kind !== 'table') continue;
    tables.set(q, { name: q, columns: r.columns.map((c) => ({ name: c.name, type: c.type + (c.array ? '[]' : '') })) });
  }
  const notNull = new Map<string, boolean>();
  for (const [q, r] of await ddlRelations(schema)) for (const c of r.columns) notNull.set(`${q}.${c.name}`, c.notNull);
  const foreignKeys: ErForeignKey[] = [];
  const mark = (table: string, cols: string[], key: 'PK' | 'FK' | 'UK') => {
    for (const c of tables.get(table)?.columns ?? []) if (cols.includes(c.name) && (!c.key || (c.key === 'UK' && key !== 'UK') || (c.key === 'FK' && key === 'PK'))) c.key = key;
  };
  const constraint = (table: string, k: Node, column?: string) => {
    const cols = column ? [column] : (k.keys ?? k.fk_attrs ?? []).map(sval);
    if (k.contype === 'CONSTR_PRIMARY') mark(table, cols, 'PK');
    else if (k.contype === 'CONSTR_UNIQUE') mark(table, cols, 'UK');
    else if (k.contype === 'CONSTR_FOREIGN') {
      const fkCols = column ? [column] : (k.fk_attrs ?? []).map(sval);
      mark(table, fkCols, 'FK');
      foreignKeys.push({ from: table, to: rangeVarKey(k.pktable), columns: fkCols, nullable: fkCols.some((c: string) => notNull.get(`${table}.${c}`) === false) });
    }
  };
  for (const f of schema.files) {
    const tree = await fileTree(f);
    for (const { stmt } of tree.stmts ?? []) {
      if (stmt.CreateStmt) {
        const t = rangeVarKey(stmt.CreateStmt.relation);
        for (const e of stmt.CreateStmt.tableElts ?? []) {
          if (e.Constraint) constraint(t, e.Constraint);
          for (const c of e.ColumnDef?.constraints ?? []) constraint(t, c.Constraint, e.ColumnDef.colname);
        }
      } else if (stmt.AlterTableStmt) {
        const t = rangeVarKey(stmt.AlterTableStmt.relation);
        for (const c of stmt.AlterTableStmt.cmds ?? []) {
          const cmd = c.AlterTableCmd;
          if (cmd?.subtype === 'AT_AddConstraint' && cmd.def?.Constraint) constraint(t, cmd.def.Constraint);
        }
      }
    }
  }
  return { tables, foreignKeys };
}

/** Entity names: Mermaid accepts letters, digits, `_` and `-`. */
const entity = (q: string) => q.replace(/^public\./, '').replace(/[^A-Za-z0-9_]/g, '_');
/** Attribute types and names: one word. */
const word = (s: string) => s.replace(/\[\]$/, '_array').replace(/[^A-Za-z0-9_]/g, '_') || 'unknown';
const label = (s: string) => s.replace(/"/g, "'");

export interface ErOptions {
  /** Most tables drawn (touched tables first); the rest are named in a note. */
  maxTables?: number;
}

/**
 * The diagram for the statements' touched tables. Undefined when the change touches no table.
 * Neighbours show only their key columns; touched tables show all columns, with changes marked.
 */
export function erDiagram(model: ErModel, statements: ReviewStatement[], opts: ErOptions = {}): { source: string; omitted: string[] } | undefined {
  const tableChange = new Map<string, string>();
  const columnChange = new Map<string, Map<string, string>>();
  for (const s of statements) {
    for (const t of s.touches) {
      if (t.column) {
        const m = columnChange.get(t.relation) ?? new Map<string, string>();
        if (!m.has(t.column) || m.get(t.column) === 'changed') m.set(t.column, t.change);
        columnChange.set(t.relation, m);
        if (!tableChange.has(t.relation)) tableChange.set(t.relation, 'changed');
      } else if (!tableChange.has(t.relation) || tableChange.get(t.relation) === 'changed') tableChange.set(t.relation, t.change);
    }
  }
  // Only tables: views and other relations are not entities.
  const touched = [...tableChange.keys()].filter((t) => model.tables.has(t) || tableChange.get(t) === 'dropped');
  if (!touched.length) return undefined;
  const set = new Set(touched);
  const neighbours = new Set<string>();
  for (const fk of model.foreignKeys) {
    if (set.has(fk.from) && !set.has(fk.to) && model.tables.has(fk.to)) neighbours.add(fk.to);
    if (set.has(fk.to) && !set.has(fk.from) && model.tables.has(fk.from)) neighbours.add(fk.from);
  }
  const max = opts.maxTables ?? 30;
  const all = [...touched.sort(), ...[...neighbours].sort()];
  const drawn = all.slice(0, max);
  const omitted = all.slice(max);
  const shown = new Set(drawn);
  const lines = ['erDiagram'];
  for (const t of drawn) {
    const change = tableChange.get(t);
    const name = t.replace(/^public\./, '');
    const title = change === 'new' ? `${name} (new)` : change === 'dropped' ? `${name} (dropped)` : change ? `${name} (changed)` : name;
    const cols = model.tables.get(t)?.columns ?? [];
    const marks = columnChange.get(t) ?? new Map<string, string>();
    const attrs: string[] = [];
    for (const c of cols) {
      const m = marks.get(c.name);
      if (!set.has(t) && !c.key) continue;
      attrs.push(`    ${word(c.type)} ${word(c.name)}${c.key ? ` ${c.key}` : ''}${m ? ` "${label(m)}"` : ''}`);
    }
    for (const [c, m] of marks) if (m === 'dropped' && !cols.some((x) => x.name === c)) attrs.push(`    dropped ${word(c)} "dropped"`);
    lines.push(`  ${entity(t)}["${label(title)}"]${attrs.length ? ' {' : ''}`);
    if (attrs.length) lines.push(...attrs, '  }');
  }
  const seen = new Set<string>();
  for (const fk of model.foreignKeys) {
    if (!shown.has(fk.from) || !shown.has(fk.to) || !(set.has(fk.from) || set.has(fk.to))) continue;
    const line = `  ${entity(fk.to)} ${fk.nullable ? '|o' : '||'}--o{ ${entity(fk.from)} : "${label(fk.columns.join(', '))}"`;
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  }
  return { source: lines.join('\n'), omitted };
}
