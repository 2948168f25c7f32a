// Loads the desired state from disk: schema/*.sql (DDL) and schema/backfills/*.sql (declared
// data changes). Every statement is parsed with the real PostgreSQL parser before any database is
// touched, so a syntax error is reported as file:line:column and nothing is applied.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { SchemaopError } from '../errors';
import { parseSql, splitStatements } from './sql';

export const BACKFILL_DIR = 'backfills';

export interface SourceStatement {
  sql: string;
  file: string;
  /** 1-based line and column of the statement's first character. */
  line: number;
  column: number;
  /** Character offset of the statement in its file. */
  offset: number;
}

export interface SourceFile {
  /** Path relative to the schema directory, with forward slashes. */
  path: string;
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
  description: string;
  /** sha256 of the backfill's SQL: a changed backfill that already ran is reported, never re-run. */
  checksum: string;
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
    super(`${file}:${line}:${column}: ${detail}`, 6);
  }
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  return lineLocator(text)(offset);
}

/** A locator for many offsets of one text: line starts are found once, then binary-searched. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}

async function listSql(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
  } catch {
    throw new SchemaopError(`schema directory not found: ${path.join(dir, rel)}`, 6);
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
  if (names.length === 0) throw new SchemaopError(`no .sql files in ${dir}`, 6);
  const files: SourceFile[] = [];
  const directives: Directive[] = [];
  const hash = createHash('sha256');
  for (const name of names) {
    const text = await fs.readFile(path.join(abs, name), 'utf8');
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
  for (const f of schema.files) f.statements = await statementsOf(f.path, f.text);
  schema.parsed = true;
  return schema;
}

export async function statementsOf(file: string, text: string): Promise<SourceStatement[]> {
  let tree;
  try {
    tree = await parseSql(text);
  } catch (e) {
    const err = e as Error & { sqlDetails?: { cursorPosition?: number } };
    const { line, column } = lineColumn(text, err.sqlDetails?.cursorPosition ?? 0);
    throw new SourceError(file, line, column, err.message);
  }
  const at = lineLocator(text);
  return (await splitStatements(text, tree)).map((s) => ({ ...s, file, ...at(s.offset) }));
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
    const text = await fs.readFile(path.join(bdir, n), 'utf8');
    const ds = directivesOf(file, text).filter((d) => d.name === 'backfill');
    if (ds.length !== 1 || !/^[A-Za-z0-9_.-]+$/.test(ds[0].args)) {
      throw new SourceError(file, ds[1]?.line ?? 1, 1, 'a backfill file needs exactly one `-- schemaop:backfill <id>` line (id: letters, digits, _ . -)');
    }
    const id = ds[0].args;
    if (seen.has(id)) throw new SourceError(file, ds[0].line, 1, `backfill id ${id} is also declared in ${seen.get(id)}`);
    seen.set(id, file);
    const stmts = await statementsOf(file, text);
    if (stmts.length === 0) throw new SourceError(file, 1, 1, 'the backfill has no statement');
    const description = text
      .split('\n')
      .filter((l) => /^\s*--/.test(l) && !DIRECTIVE.test(l))
      .map((l) => l.replace(/^\s*--\s?/, ''))
      .join(' ')
      .trim();
    const sql = stmts.map((s) => s.sql).join(';\n') + ';';
    out.push({ id, file, sql, description, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return out;
}
