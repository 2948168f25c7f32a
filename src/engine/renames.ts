// Renames declared in schema/ with `-- schemaop:renamed-from OLD` become RENAME statements that
// keep the data, instead of the drop and add a declarative diff sees. They are part of the
// engine's request (engines.ts): each engine plans with them, so no later step re-plans without
// the request's exclusions or with another engine.
//
//   -- schemaop:renamed-from OLD
//        on the line above a column definition (or at the end of its line): the column was called
//        OLD; above a CREATE TABLE: the table was called OLD (same schema unless qualified).
//
// How: in the dev database (a scratch copy of the desired schema), the renamed tables and columns
// are renamed back to their live names, and the engine diffs the live database with that: what
// remains is every other change (a new type, a new index, ...) expressed with the old names. The
// plan is that diff followed by the RENAME statements; the dev database is then renamed forward
// again. A directive whose rename is already applied (the live database has the new name) is a no-op.
import { withClient, type Client } from '../db/connect';
import { SchemaopError } from '../errors';
import { IdentifierError, objectId, parseQualified, sameId, sqlName, displayName, type ObjectId } from '../pg/identity';
import { quoteIdent as qi } from '../db/connect';
import type { DiffStatement } from './diff';
import { SourceError, lineColumn, type DesiredSchema, type Directive } from './source';
import { parseSqlSync, loadParser } from './sql';
import { rangeVarId, type Node } from '../pg/node';
import { EXIT } from '../exit-codes';

export interface RenameDirective {
  kind: 'table' | 'column';
  /** The table as it is now declared. */
  table: ObjectId;
  /** Old name: the table's for a table, the column's for a column. */
  from: string;
  /** New name: the table's, or the column's. */
  to: string;
  where: string;
}

/** The table's identity before a table rename (the table itself for a column rename). */
export const renamedFrom = (d: RenameDirective): ObjectId => (d.kind === 'table' ? objectId(d.table.schema, d.from) : d.table);


/** Resolves every `renamed-from` directive to the table above which, or the column below which, it stands. */
export async function renameDirectives(schema: Pick<DesiredSchema, 'directives' | 'files'>): Promise<RenameDirective[]> {
  const ds = schema.directives.filter((d) => d.name === 'renamed-from');
  if (!ds.length) return [];
  await loadParser();
  return ds.map((d) => resolveRename(schema, d));
}

function resolveRename(schema: Pick<DesiredSchema, 'files'>, d: Directive): RenameDirective {
  const where = `schema/${d.file}:${d.line}`;
  const fail = (m: string) => new SourceError(d.file, d.line, 1, `schemaop:renamed-from: ${m}`);
  let old: ObjectId;
  try {
    // The old name as SQL writes it: `old_t`, `"Old T"`, `app.old_t`.
    old = parseQualified(d.args.trim(), '');
  } catch (e) {
    if (e instanceof IdentifierError) throw fail('expected `-- schemaop:renamed-from OLD_NAME`');
    throw e;
  }
  if (old.sub !== undefined) throw fail('expected `-- schemaop:renamed-from OLD_NAME`');
  const file = schema.files.find((f) => f.path === d.file);
  if (!file) throw fail('file not loaded');
  for (const s of file.statements) {
    const end = lineColumn(file.text, s.offset + s.sql.length).line;
    const tree = s.stmt ?? parseSqlSync(s.sql).stmts?.[0]?.stmt ?? {};
    if (d.line < s.line) {
      // Above a statement: the table's old name.
      if (!tree.CreateStmt) throw fail('the next statement is not a CREATE TABLE');
      const table = rangeVarId(tree.CreateStmt.relation)!;
      if (old.schema && old.schema !== table.schema) throw new SchemaopError(`${where}: renamed-from across schemas is not supported (use ALTER TABLE ... SET SCHEMA by hand)`, EXIT.invalidSchema);
      return { kind: 'table', table, from: old.name, to: table.name, where };
    }
    if (d.line > end) continue;
    if (!tree.CreateStmt) throw fail('inside a statement that is not a CREATE TABLE');
    // Locations are bytes into what was parsed: the whole file (the statement's own tree), or the statement.
    const bytes = Buffer.from(s.stmt ? file.text : s.sql, 'utf8');
    const lineOf = (loc: number) => (s.stmt ? 1 : s.line) + (bytes.subarray(0, loc).toString('utf8').match(/\n/g)?.length ?? 0);
    const cols = ((tree.CreateStmt.tableElts ?? []) as Node[]).filter((e) => e.ColumnDef).map((e) => ({ name: e.ColumnDef.colname as string, line: lineOf(e.ColumnDef.location) }));
    const col = cols.find((c) => c.line === d.line) ?? cols.find((c) => c.line > d.line);
    if (!col) throw fail('no column definition follows');
    if (old.schema) throw fail('a column\'s old name is a plain column name');
    return { kind: 'column', table: rangeVarId(tree.CreateStmt.relation)!, from: old.name, to: col.name, where };
  }
  throw fail('nothing follows the directive');
}

async function hasRelation(c: Client, rel: ObjectId): Promise<boolean> {
  const r = await c.query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r','p')`, [rel.schema, rel.name]);
  return (r.rowCount ?? 0) > 0;
}

async function hasColumn(c: Client, rel: ObjectId, col: string): Promise<boolean> {
  const r = await c.query(
    `SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3 AND a.attnum > 0 AND NOT a.attisdropped`,
    [rel.schema, rel.name, col],
  );
  return (r.rowCount ?? 0) > 0;
}

/** The renames still to do on the live database, table renames first. */
async function pending(target: Client, dev: Client, ds: RenameDirective[]): Promise<RenameDirective[]> {
  const out: RenameDirective[] = [];
  for (const d of ds.filter((x) => x.kind === 'table')) {
    if ((await hasRelation(target, d.table)) || !(await hasRelation(target, renamedFrom(d)))) continue;
    out.push(d);
  }
  for (const d of ds.filter((x) => x.kind === 'column')) {
    // The table as it is named in the live database (it may be renamed in the same plan).
    const t = out.find((x) => sameId(x.table, d.table));
    const live = t ? renamedFrom(t) : d.table;
    if (!(await hasRelation(target, live)) || (await hasColumn(target, live, d.to)) || !(await hasColumn(target, live, d.from))) continue;
    if (!(await hasColumn(dev, d.table, d.to))) throw new SchemaopError(`${d.where}: column ${d.to} not found in ${displayName(d.table)}`, EXIT.invalidSchema);
    out.push(d);
  }
  return out;
}

interface Dependent {
  kind: 'constraint' | 'index' | 'sequence';
  name: string;
}

async function dependents(c: Client, rel: ObjectId): Promise<Dependent[]> {
  const r = await c.query<Dependent>(
    `SELECT 'constraint' AS kind, conname AS name FROM pg_constraint WHERE conrelid = $1::regclass
     UNION ALL
     SELECT 'index', i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid)
     UNION ALL
     SELECT 'sequence', s.relname FROM pg_class s JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
      WHERE s.relkind = 'S' AND d.refclassid = 'pg_class'::regclass AND d.refobjid = $1::regclass AND d.deptype IN ('a', 'i')`,
    [sqlName(rel)],
  );
  return r.rows;
}

/** Statements renaming the objects named after a renamed table: back in the dev database, forward on the live one. */
async function namedAfter(dev: Client, target: Client, d: RenameDirective): Promise<{ back: string; devForward: string; liveForward: string }[]> {
  const old = renamedFrom(d);
  const live = await dependents(target, old);
  const out = [];
  for (const x of await dependents(dev, d.table)) {
    if (!x.name.startsWith(`${d.to}_`)) continue;
    const was = `${d.from}_${x.name.slice(d.to.length + 1)}`;
    if (!live.some((l) => l.kind === x.kind && l.name === was)) continue;
    const rename = (table: ObjectId, from: string, to: string) =>
      x.kind === 'constraint'
        ? `ALTER TABLE ${sqlName(table)} RENAME CONSTRAINT ${qi(from)} TO ${qi(to)}`
        : `ALTER ${x.kind === 'index' ? 'INDEX' : 'SEQUENCE'} ${sqlName(objectId(d.table.schema, from))} RENAME TO ${qi(to)}`;
    // In the dev database the table carries its old name again when these run.
    out.push({ back: rename(old, x.name, was), devForward: rename(old, was, x.name), liveForward: rename(d.table, was, x.name) });
  }
  return out;
}

/**
 * Runs `diff` (an engine's plan from the live database to the dev database) with the pending
 * renames of `directives` undone in the dev database, and adds the RENAME statements after it.
 */
export async function planWithRenames(liveUrl: string, devUrl: string, directives: RenameDirective[], diff: () => Promise<DiffStatement[]>): Promise<DiffStatement[]> {
  if (!directives.length) return diff();
  return withClient(
    devUrl,
    async (dev) => {
      const todo = await withClient(liveUrl, (target) => pending(target, dev, directives), 'plan');
      if (!todo.length) return diff();
      const tables = todo.filter((d) => d.kind === 'table');
      const columns = todo.filter((d) => d.kind === 'column');
      const back: string[] = [];
      const forward: string[] = [];
      // Columns first (under the table's new name), then tables.
      for (const d of columns) {
        back.push(`ALTER TABLE ${sqlName(d.table)} RENAME COLUMN ${qi(d.to)} TO ${qi(d.from)}`);
        forward.unshift(`ALTER TABLE ${sqlName(d.table)} RENAME COLUMN ${qi(d.from)} TO ${qi(d.to)}`);
      }
      for (const d of tables) {
        back.push(`ALTER TABLE ${sqlName(d.table)} RENAME TO ${qi(d.from)}`);
        forward.unshift(`ALTER TABLE ${sqlName(renamedFrom(d))} RENAME TO ${qi(d.to)}`);
      }
      // Constraints, indexes and sequences named after a renamed table (`accounts_pkey` →
      // `user_accounts_pkey`) are renamed too, rather than dropped and rebuilt.
      const live: string[] = [];
      await withClient(
        liveUrl,
        async (target) => {
          for (const d of tables) {
            for (const x of await namedAfter(dev, target, d)) {
              back.push(x.back);
              forward.unshift(x.devForward);
              live.push(x.liveForward);
            }
          }
        },
        'plan',
      );
      for (const sql of back) await dev.query(sql);
      let planned: DiffStatement[];
      try {
        planned = await diff();
      } finally {
        for (const sql of forward) await dev.query(sql);
      }
      // The live database then gets the renames, columns (under the live table name) first.
      const renames = [
        ...columns.map((d) => {
          const t = tables.find((x) => sameId(x.table, d.table));
          return `ALTER TABLE ${sqlName(t ? renamedFrom(t) : d.table)} RENAME COLUMN ${qi(d.from)} TO ${qi(d.to)}`;
        }),
        ...tables.map((d) => `ALTER TABLE ${sqlName(renamedFrom(d))} RENAME TO ${qi(d.to)}`),
        ...live,
      ];
      return [...planned, ...renames.map((sql) => ({ sql, source: 'renamed-from' }))];
    },
    'dev database',
  );
}
