// Tables, columns and sequences as declared in schema/, read from PostgreSQL's parse tree. Seed
// rows and grants are planned before the tables they need exist (a fresh database: the same plan
// creates them), so they are validated against the desired DDL, not only the live catalog.
import { fileTree, type DesiredSchema } from './source';
import { dottedKey, parseQualified, sqlName, type ObjectId } from '../pg/identity';

export interface DdlColumn {
  name: string;
  /** Base type name without schema (`int4`, `varchar`, `jsonb`, `serial`, ...). */
  type: string;
  /** Type modifiers, e.g. [50] for varchar(50). */
  typmods: number[];
  array: boolean;
  notNull: boolean;
  /** Has a default, is serial, identity or generated: may be omitted on insert. */
  hasDefault: boolean;
  generated: boolean;
  /** serial / identity: the implicit sequence's name. */
  sequence?: string;
}

export interface DdlRelation {
  schema: string;
  name: string;
  kind: 'table' | 'view' | 'materialized view' | 'sequence';
  columns: DdlColumn[];
  file: string;
}

import { rangeVarKey, type Node } from '../pg/node';

const sval = (n: Node) => (n?.String?.sval ?? '') as string;
const SERIAL = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

function column(table: string, def: Node): DdlColumn {
  const names: string[] = (def.typeName?.names ?? []).map(sval);
  const type = names[names.length - 1] ?? 'unknown';
  const cons: Node[] = (def.constraints ?? []).map((c: Node) => c.Constraint);
  const has = (t: string) => cons.some((c) => c.contype === t);
  const serial = SERIAL.has(type);
  const identity = has('CONSTR_IDENTITY');
  const generated = has('CONSTR_GENERATED');
  return {
    name: def.colname,
    type,
    typmods: (def.typeName?.typmods ?? []).map((m: Node) => Number(m.A_Const?.ival?.ival ?? m.A_Const?.ival ?? 0)),
    array: !!def.typeName?.arrayBounds,
    notNull: has('CONSTR_NOTNULL') || has('CONSTR_PRIMARY') || serial || identity,
    hasDefault: has('CONSTR_DEFAULT') || serial || identity || generated,
    generated,
    sequence: serial || identity ? `${table}_${def.colname}_seq` : undefined,
  };
}

const declared = new WeakMap<DesiredSchema, Promise<Map<string, DdlRelation>>>();

/**
 * Relations declared by CREATE TABLE / VIEW / MATERIALIZED VIEW / SEQUENCE in schema/, by
 * `schema.name`: parsed once per loaded schema, since seeds, grants and the report all read them.
 */
export function ddlRelations(schema: DesiredSchema): Promise<Map<string, DdlRelation>> {
  let r = declared.get(schema);
  if (!r) declared.set(schema, (r = readRelations(schema)));
  return r;
}

async function readRelations(schema: DesiredSchema): Promise<Map<string, DdlRelation>> {
  const out = new Map<string, DdlRelation>();
  for (const f of schema.files) {
    const tree = await fileTree(f);
    for (const { stmt } of tree.stmts ?? []) {
      if (stmt.CreateStmt) {
        const rv = stmt.CreateStmt.relation;
        const elts: Node[] = stmt.CreateStmt.tableElts ?? [];
        const cols = elts.filter((e) => e.ColumnDef).map((e) => column(rv.relname, e.ColumnDef));
        // Table-level PRIMARY KEY (a, b) makes its columns NOT NULL.
        for (const e of elts) {
          const c = e.Constraint;
          if (c?.contype === 'CONSTR_PRIMARY') for (const k of c.keys ?? []) for (const col of cols) if (col.name === sval(k)) col.notNull = true;
        }
        const rel: DdlRelation = { schema: rv.schemaname ?? 'public', name: rv.relname, kind: 'table', columns: cols, file: f.path };
        out.set(dottedKey(rel.schema, rel.name), rel);
      } else if (stmt.ViewStmt) {
        const rv = stmt.ViewStmt.view;
        out.set(rangeVarKey(rv), { schema: rv.schemaname ?? 'public', name: rv.relname, kind: 'view', columns: [], file: f.path });
      } else if (stmt.CreateTableAsStmt?.objtype === 'OBJECT_MATVIEW') {
        const rv = stmt.CreateTableAsStmt.into.rel;
        out.set(rangeVarKey(rv), { schema: rv.schemaname ?? 'public', name: rv.relname, kind: 'materialized view', columns: [], file: f.path });
      } else if (stmt.DropStmt && ['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE'].includes(stmt.DropStmt.removeType)) {
        // Created and dropped again within schema/: it does not exist in the desired state.
        for (const o of stmt.DropStmt.objects ?? []) {
          const parts: string[] = (o.List?.items ?? []).map(sval);
          if (parts.length) out.delete(parts.length > 1 ? dottedKey(parts[parts.length - 2], parts[parts.length - 1]) : dottedKey('public', parts[0]));
        }
      } else if (stmt.AlterTableStmt && (stmt.AlterTableStmt.objtype ?? 'OBJECT_TABLE') === 'OBJECT_TABLE') {
        // Columns a later statement adds or drops (`ALTER TABLE t ADD COLUMN c ...`) are the table's too.
        const rv = stmt.AlterTableStmt.relation;
        const rel = out.get(rangeVarKey(rv));
        for (const { AlterTableCmd: cmd } of (stmt.AlterTableStmt.cmds ?? []) as Node[]) {
          if (!rel || !cmd) continue;
          if (cmd.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef && !rel.columns.some((c) => c.name === cmd.def.ColumnDef.colname)) rel.columns.push(column(rv.relname, cmd.def.ColumnDef));
          else if (cmd.subtype === 'AT_DropColumn') rel.columns = rel.columns.filter((c) => c.name !== cmd.name);
        }
      } else if (stmt.CreateSeqStmt) {
        const rv = stmt.CreateSeqStmt.sequence;
        out.set(rangeVarKey(rv), { schema: rv.schemaname ?? 'public', name: rv.relname, kind: 'sequence', columns: [], file: f.path });
      }
    }
  }
  // Implicit sequences of serial and identity columns.
  for (const r of [...out.values()]) {
    for (const c of r.columns) {
      if (c.sequence && !out.has(dottedKey(r.schema, c.sequence))) out.set(dottedKey(r.schema, c.sequence), { schema: r.schema, name: c.sequence, kind: 'sequence', columns: [], file: r.file });
    }
  }
  return out;
}

/** The key of a relation in `ddlRelations` (src/pg/identity's dottedKey, as the plan names it). */
export const ddlKey = (id: ObjectId) => dottedKey(id.schema, id.name);

/**
 * The key of a relation named in a file (access.yaml, a seed file's table): `exchanges` →
 * `public.exchanges`, `a.b` stays; a name with double quotes is read as SQL reads it
 * (`'"we.ird""name"'`, `public."Tä"`). Unquoted names keep their case, as they always have here.
 */
export function qualify(name: string): string {
  if (!name.includes('"')) return name.includes('.') ? name : `public.${name}`;
  try {
    return ddlKey(parseQualified(name));
  } catch {
    return name;
  }
}

/** A table's name as shown (`public.exchanges`, `public."we.ird""name"`), quoted for SQL. */
export const quoteQualified = (name: string) => sqlName(parseQualified(name));
