// Loads the desired state from disk: schema/*.sql (DDL) and schema/backfills/*.sql (declared
// data changes). Every statement is parsed with the real PostgreSQL parser before any database is
// touched, so a syntax error is reported as file:line:column and nothing is applied.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parsePlPgSQLSync } from 'libpg-query';
import { SchemaopError } from '../errors';
import type { ObjectId } from '../pg/identity';
import type { Node } from '../pg/node';
import { refusal, statementLabel } from './allowlist';
import { stripMetaCommands } from './psql';
import { parseSql, splitStatements, type ParseTree } from './sql';
import { EXIT } from '../exit-codes';

export const BACKFILL_DIR = 'backfills';

export interface SourceStatement {
  sql: string;
  file: string;
  /** 1-based line and column of the statement's first character. */
  line: number;
  column: number;
  /** Character offset of the statement in its file. */
  offset: number;
  /** Its parse tree, from the file's one parse (later stages read it, never parse again). */
  stmt?: Node;
  /** A backfill's UPDATE: the columns it sets (schema absent when the table is named without one). */
  writes?: ColumnWrite[];
}

/** A column a backfill sets: `UPDATE [schema.]table SET column = ...`. */
export interface ColumnWrite {
  schema?: string;
  table: string;
  column: string;
}

/** Whether a backfill sets the column `id` (a table it names without a schema matches any schema). */
export const backfillWrites = (b: { writes: ColumnWrite[] }, id: ObjectId | undefined) =>
  !!id?.sub && b.writes.some((w) => w.table === id.name && w.column === id.sub && (w.schema === undefined || w.schema === id.schema));

export interface SourceFile {
  /** Path relative to the schema directory, with forward slashes. */
  path: string;
  /**
   * The SQL PostgreSQL runs: the file decoded as UTF-8 without its byte-order mark, with the
   * psql meta-commands that change nothing blanked out (same offsets as the file).
   */
  text: string;
  statements: SourceStatement[];
}

export interface Directive {
  name: string;
  args: string;
  file: string;
  line: number;
}

export interface Backfill {
  id: string;
  file: string;
  sql: string;
  /** The file as read (for positions). */
  text: string;
  description: string;
  /** sha256 of the backfill's SQL: a changed backfill that already ran is reported, never re-run. */
  checksum: string;
  /** The columns its UPDATE statements set (a SET NOT NULL on one of them waits for it). */
  writes: ColumnWrite[];
  /** Its statements, located in the file. */
  statements: SourceStatement[];
}

export interface DesiredSchema {
  dir: string;
  files: SourceFile[];
  backfills: Backfill[];
  directives: Directive[];
  /** sha256 over every file's path and text and every backfill: the identity of the desired state. */
  hash: string;
  /** Whether files[].statements are filled (see parseDesired). */
  parsed: boolean;
}

/** A problem in the desired-state files: file, line, column and what is wrong. */
export class SourceError extends SchemaopError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: ${detail}`, EXIT.invalidSchema);
  }
}

/**
 * Line and column (1-based) of a string index. Columns count characters (code points), as
 * PostgreSQL and psql do, never UTF-8 bytes or UTF-16 units.
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  return lineLocator(text)(offset);
}

/** A locator for many offsets of one text: line starts are found once, then binary-searched. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const astral = /[\uD800-\uDFFF]/.test(text);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const column = astral ? [...text.slice(starts[lo], offset)].length + 1 : offset - starts[lo] + 1;
    return { line: lo + 1, column };
  };
}

/** The string index of PostgreSQL's character position `cp` (0-based code points). */
export function indexOfCodePoint(text: string, cp: number): number {
  if (!/[\uD800-\uDFFF]/.test(text)) return cp;
  let i = 0;
  for (let n = 0; n < cp && i < text.length; n++) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

async function listSql(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
  } catch {
    throw new SchemaopError(`schema directory not found: ${path.join(dir, rel)}`, EXIT.invalidSchema);
  }
  for (const e of entries) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!rel && e.name === BACKFILL_DIR) continue;
      out.push(...(await listSql(dir, p)));
    } else if (e.isFile() && e.name.endsWith('.sql')) out.push(p);
  }
  return out;
}

const DIRECTIVE = /^\s*--\s*schemaop:([a-z-]+)\s*(.*?)\s*$/;

function directivesOf(file: string, text: string): Directive[] {
  const out: Directive[] = [];
  text.split('\n').forEach((l, i) => {
    const m = DIRECTIVE.exec(l);
    if (m) out.push({ name: m[1], args: m[2], file, line: i + 1 });
  });
  return out;
}

/**
 * Loads the desired schema. Files are taken in order of their path relative to `dir` (byte
 * order, so `00_x.sql` < `10_y.sql` < `sub/a.sql`); `backfills/` holds backfills, not DDL.
 * With `lazy`, statements are parsed only when parseDesired is called: parsing a large schema
 * costs more than a whole no-change plan, which needs only the hash.
 */
export async function loadDesiredSchema(dir: string, opts: { lazy?: boolean } = {}): Promise<DesiredSchema> {
  const abs = path.resolve(dir);
  const names = (await listSql(abs)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) throw new SchemaopError(`no .sql files in ${dir}`, EXIT.invalidSchema);
  const files: SourceFile[] = [];
  const directives: Directive[] = [];
  const hash = createHash('sha256');
  for (const name of names) {
    const text = await readSqlFile(path.join(abs, name), name);
    hash.update(`file\0${name}\0${text}\0`);
    files.push({ path: name, text, statements: [] });
    directives.push(...directivesOf(name, text));
  }
  const backfills = await loadBackfills(abs);
  for (const b of backfills) hash.update(`backfill\0${b.id}\0${b.sql}\0`);
  const schema = { dir: abs, files, backfills, directives, hash: hash.digest('hex'), parsed: false };
  if (!opts.lazy) await parseDesired(schema);
  return schema;
}

/** Parses every file's statements (once); a syntax error is reported as file:line:column. */
export async function parseDesired(schema: DesiredSchema): Promise<DesiredSchema> {
  if (schema.parsed) return schema;
  for (const f of schema.files) f.statements = await statementsOf(f.path, f.text, 'schema', fileTree(f));
  schema.parsed = true;
  return schema;
}

const trees = new WeakMap<SourceFile, Promise<ParseTree>>();

/** A file's parse tree, parsed once per loaded file: the plan, the seeds and grants stages and the report read it. */
export function fileTree(f: SourceFile): Promise<ParseTree> {
  let t = trees.get(f);
  if (!t) {
    t = parseSql(f.text);
    t.catch(() => undefined); // a syntax error surfaces where the tree is awaited, located (statementsOf)
    trees.set(f, t);
  }
  return t;
}

/**
 * The statements of one file. A schema file may hold only statements that define schema objects
 * (see allowlist.ts), and its PL/pgSQL bodies must parse; a backfill holds data changes.
 */
export async function statementsOf(file: string, text: string, kind: 'schema' | 'backfill' = 'schema', parsed?: Promise<ParseTree>): Promise<SourceStatement[]> {
  let tree;
  try {
    tree = await (parsed ?? parseSql(text));
  } catch (e) {
    const err = e as Error & { sqlDetails?: { cursorPosition?: number } };
    const { line, column } = lineColumn(text, indexOfCodePoint(text, err.sqlDetails?.cursorPosition ?? 0));
    throw new SourceError(file, line, column, err.message);
  }
  const at = lineLocator(text);
  const statements: SourceStatement[] = (await splitStatements(text, tree)).map((s) => ({ ...s, file, ...at(s.offset) }));
  (tree.stmts ?? []).forEach((node, i) => {
    const s = statements[i];
    if (!s) return;
    if (kind === 'backfill') {
      if (!BACKFILL_KINDS.has(Object.keys(node.stmt)[0])) throw new SourceError(file, s.line, s.column, `${statementLabel(s.sql)} is not a data change: a backfill holds UPDATE, INSERT, DELETE or MERGE statements (schema changes belong in schema/)`);
      const u = node.stmt.UpdateStmt;
      if (u?.relation) {
        const { schemaname, relname } = u.relation as { schemaname?: string; relname: string };
        s.writes = (u.targetList ?? []).flatMap((t: { ResTarget?: { name?: string } }) => (t.ResTarget?.name ? [{ ...(schemaname ? { schema: schemaname } : {}), table: relname, column: t.ResTarget.name }] : []));
      }
      return;
    }
    const why = refusal(node.stmt);
    if (why) throw new SourceError(file, s.line, s.column, `${statementLabel(s.sql)} is not accepted in a schema file: it ${why}; nothing was run`);
    checkPlpgsql(node.stmt, s, text, at);
  });
  return statements;
}

const BACKFILL_KINDS = new Set(['UpdateStmt', 'InsertStmt', 'DeleteStmt', 'MergeStmt', 'SelectStmt']);

/**
 * PL/pgSQL bodies are not checked by the server while the dev database is built (bodies may use
 * objects of later files, so check_function_bodies is off); their syntax is checked here.
 */
function checkPlpgsql(stmt: Node, s: SourceStatement & { offset: number }, text: string, at: (o: number) => { line: number; column: number }): void {
  const fn = stmt.CreateFunctionStmt;
  if (!fn) return;
  const opt = (name: string) => (fn.options ?? []).find((o: Node) => o.DefElem?.defname === name)?.DefElem?.arg;
  if (String(opt('language')?.String?.sval ?? '').toLowerCase() !== 'plpgsql') return;
  try {
    parsePlPgSQLSync(s.sql);
  } catch (e) {
    const message = (e as Error).message;
    const body: string = opt('as')?.List?.items?.[0]?.String?.sval ?? '';
    const near = /at or near "([^"]*)"/.exec(message)?.[1];
    const bodyAt = body ? s.sql.indexOf(body) : -1;
    const tokenAt = bodyAt >= 0 && near ? body.indexOf(near) : -1;
    const offset = bodyAt < 0 ? s.offset : s.offset + bodyAt + Math.max(0, tokenAt);
    const { line, column } = at(offset);
    throw new SourceError(s.file, line, column, `PL/pgSQL: ${message}`);
  }
}

/**
 * Reads a SQL file as UTF-8: a byte-order mark is dropped, anything that is not valid UTF-8 (a
 * Latin-1 file, a NUL byte) is refused with its line and column, psql meta-commands that change
 * nothing are blanked and the others refused.
 */
export async function readSqlFile(abs: string, file: string): Promise<string> {
  let bytes = await fs.readFile(abs);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const bad = invalidUtf8At(bytes);
  if (bad >= 0) {
    const before = bytes.subarray(0, bad).toString('utf8');
    const { line, column } = lineColumn(before, before.length);
    throw new SourceError(file, line, column, `the file is not valid UTF-8 (byte 0x${bytes[bad].toString(16).padStart(2, '0')}): save it as UTF-8`);
  }
  const decoded = bytes.toString('utf8');
  const nul = decoded.indexOf('\0');
  if (nul >= 0) {
    const { line, column } = lineColumn(decoded, nul);
    throw new SourceError(file, line, column, 'the file contains a NUL character, which PostgreSQL does not accept in SQL text');
  }
  const { sql, commands } = stripMetaCommands(decoded);
  const refused = commands.find((c) => !c.accepted);
  if (refused) {
    const { line, column } = lineColumn(decoded, refused.offset);
    throw new SourceError(file, line, column, `psql meta-command \\${refused.name} is not accepted in a schema file: ${refused.why}`);
  }
  return sql;
}

/** Index of the first byte that is not part of a valid UTF-8 sequence, or -1. */
function invalidUtf8At(b: Buffer): number {
  for (let i = 0; i < b.length; ) {
    const x = b[i];
    const n = x < 0x80 ? 1 : x >= 0xc2 && x <= 0xdf ? 2 : x >= 0xe0 && x <= 0xef ? 3 : x >= 0xf0 && x <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > b.length) return i;
    for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    if ((x === 0xe0 && b[i + 1] < 0xa0) || (x === 0xed && b[i + 1] > 0x9f) || (x === 0xf0 && b[i + 1] < 0x90) || (x === 0xf4 && b[i + 1] > 0x8f)) return i;
    i += n;
  }
  return -1;
}

async function loadBackfills(dir: string): Promise<Backfill[]> {
  const bdir = path.join(dir, BACKFILL_DIR);
  let names: string[];
  try {
    names = (await fs.readdir(bdir)).filter((n) => n.endsWith('.sql')).sort();
  } catch {
    return [];
  }
  const out: Backfill[] = [];
  const seen = new Map<string, string>();
  for (const n of names) {
    const file = `${BACKFILL_DIR}/${n}`;
    const text = await readSqlFile(path.join(bdir, n), file);
    const ds = directivesOf(file, text).filter((d) => d.name === 'backfill');
    if (ds.length !== 1 || !/^[A-Za-z0-9_.-]+$/.test(ds[0].args)) {
      throw new SourceError(file, ds[1]?.line ?? 1, 1, 'a backfill file needs exactly one `-- schemaop:backfill <id>` line (id: letters, digits, _ . -)');
    }
    const id = ds[0].args;
    if (seen.has(id)) throw new SourceError(file, ds[0].line, 1, `backfill id ${id} is also declared in ${seen.get(id)}`);
    seen.set(id, file);
    const stmts = await statementsOf(file, text, 'backfill');
    if (stmts.length === 0) throw new SourceError(file, 1, 1, 'the backfill has no statement');
    const description = text
      .split('\n')
      .filter((l) => /^\s*--/.test(l) && !DIRECTIVE.test(l))
      .map((l) => l.replace(/^\s*--\s?/, ''))
      .join(' ')
      .trim();
    const sql = stmts.map((s) => s.sql).join(';\n') + ';';
    out.push({ id, file, sql, text, description, checksum: createHash('sha256').update(sql).digest('hex'), writes: stmts.flatMap((s) => s.writes ?? []), statements: stmts });
  }
  return out;
}
