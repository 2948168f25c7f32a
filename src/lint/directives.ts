// Directive comments in schema/ that the safety layer reads:
//
//   -- schemaop:allow RULE OBJECT-PATTERN reason="why this is fine"
//        a reviewed allowance, anywhere in schema/ (RULE may be `*`; `*` in the pattern matches
//        any text). The reason is mandatory.
//
//   -- schemaop:renamed-from OLD
//        on the line above a column definition (or at the end of its line): the column was called
//        OLD; above a CREATE TABLE: the table was called OLD (same schema unless qualified).
//        The plan renames instead of dropping and adding, and the rename counts as reviewed.
import { SourceError, lineColumn, type DesiredSchema, type Directive } from '../engine/source';
import { parseSqlSync, loadParser } from '../engine/sql';
import { AllowanceSchema, type SourcedAllowance } from './config';
import type { Node } from './types';

const ALLOW = /^(\S+)\s+(\S+)\s+reason\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*$/;

export function allowancesFromDirectives(schema: Pick<DesiredSchema, 'directives'>): SourcedAllowance[] {
  return schema.directives
    .filter((d) => d.name === 'allow')
    .map((d) => {
      const m = ALLOW.exec(d.args);
      const where = `schema/${d.file}:${d.line}`;
      if (!m) throw new SourceError(d.file, d.line, 1, 'expected `-- schemaop:allow RULE OBJECT-PATTERN reason="why"` (the reason is mandatory)');
      const r = AllowanceSchema.safeParse({ rule: m[1], object: m[2], reason: (m[3] ?? m[4]).replace(/\\(.)/g, '$1') });
      if (!r.success) throw new SourceError(d.file, d.line, 1, `schemaop:allow: ${r.error.issues.map((i) => i.message).join('; ')}`);
      return { ...r.data, source: where };
    });
}

export interface RenameDirective {
  kind: 'table' | 'column';
  /** `schema.table` of the table as it is now declared. */
  table: string;
  /** Old name: `schema.table` for a table, the column name for a column. */
  from: string;
  /** New name: `schema.table`, or the column name. */
  to: string;
  where: string;
}

const rangeVar = (r: Node) => `${r.schemaname ?? 'public'}.${r.relname}`;

/** Resolves every `renamed-from` directive to the table or column it is attached to. */
export async function renameDirectives(schema: Pick<DesiredSchema, 'directives' | 'files'>): Promise<RenameDirective[]> {
  const ds = schema.directives.filter((d) => d.name === 'renamed-from');
  if (!ds.length) return [];
  await loadParser();
  return ds.map((d) => resolveRename(schema, d));
}

function resolveRename(schema: Pick<DesiredSchema, 'files'>, d: Directive): RenameDirective {
  const where = `schema/${d.file}:${d.line}`;
  const fail = (m: string) => new SourceError(d.file, d.line, 1, `schemaop:renamed-from: ${m}`);
  const old = d.args.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/.test(old)) throw fail('expected `-- schemaop:renamed-from OLD_NAME`');
  const file = schema.files.find((f) => f.path === d.file);
  if (!file) throw fail('file not loaded');
  for (const s of file.statements) {
    const end = lineColumn(file.text, s.offset + s.sql.length).line;
    const tree = parseSqlSync(s.sql).stmts?.[0]?.stmt ?? {};
    if (d.line < s.line) {
      // Above a statement: the table's old name.
      if (!tree.CreateStmt) throw fail('the next statement is not a CREATE TABLE');
      const table = rangeVar(tree.CreateStmt.relation);
      const schemaName = table.split('.')[0];
      return { kind: 'table', table, from: old.includes('.') ? old : `${schemaName}.${old}`, to: table, where };
    }
    if (d.line > end) continue;
    if (!tree.CreateStmt) throw fail('inside a statement that is not a CREATE TABLE');
    const bytes = Buffer.from(s.sql, 'utf8');
    const lineOf = (loc: number) => s.line + (bytes.subarray(0, loc).toString('utf8').match(/\n/g)?.length ?? 0);
    const cols = ((tree.CreateStmt.tableElts ?? []) as Node[]).filter((e) => e.ColumnDef).map((e) => ({ name: e.ColumnDef.colname as string, line: lineOf(e.ColumnDef.location) }));
    const col = cols.find((c) => c.line === d.line) ?? cols.find((c) => c.line > d.line);
    if (!col) throw fail('no column definition follows');
    if (old.includes('.')) throw fail('a column\'s old name is a plain column name');
    return { kind: 'column', table: rangeVar(tree.CreateStmt.relation), from: old, to: col.name, where };
  }
  throw fail('nothing follows the directive');
}
