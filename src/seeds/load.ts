// Seed files: seeds/*.yaml, one per table. Validated with zod, first the file's shape, then every
// row against the table's columns as declared in schema/. Every problem is reported as
// `file:line:column: rows[i] (key).field: message`, and nothing is written.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { Document, LineCounter, isAlias, parse, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { SchemaopError } from '../errors';
import type { DesiredSchema } from '../engine/source';
import { DdlColumn, DdlRelation, ddlKey, ddlRelations } from '../engine/ddl-relations';
import { IdentifierError, displayName, parseQualified, type ObjectId } from '../pg/identity';
import { LosslessNumber, exactNumber, parseJson } from './json';
import { EXIT } from '../exit-codes';

/** A JSON value; numbers beyond a JavaScript number's precision are kept as LosslessNumber. */
export type Json = null | boolean | number | LosslessNumber | string | Json[] | { [k: string]: Json };

/** More uses of YAML anchors than this in one file is refused (a document can grow exponentially through them). */
export const MAX_ALIASES = 100;
/** Files seeds/ may hold besides seed files. */
const NOT_SEEDS = new Set(['README.md', '.gitkeep']);

/** What to do with a row to delete that other tables still reference. */
export type ReferencedAction = 'refuse' | 'delete' | { set: Record<string, Json> };

export interface SeedFile {
  /** Path shown in messages, relative to the project root (`seeds/exchanges.yaml`). */
  file: string;
  /** Schema-qualified table name, as shown (`public.exchanges`, `public."we.ird""name"`). */
  table: string;
  /** The table's identity. */
  id: ObjectId;
  key: string[];
  /** Rows in the database that are not in the file: kept, or deleted. */
  unlisted: 'keep' | 'delete';
  /** Keys of rows to delete even when unlisted rows are kept. */
  remove: Record<string, Json>[];
  referenced: ReferencedAction;
  rows: Record<string, Json>[];
  /** Columns whose values are secret (`secret:` of the file, and src/seeds/secret-columns.ts' decision): never shown. */
  secret?: string[];
  /** The table in schema/. */
  ddl: DdlRelation;
  /** `file:line:col` of rows[i] (parses the file again: for messages only). */
  locate?(i: number): string;
}

/** The table a file names, as SQL names it (`exchanges`, `app.exchanges`, `public."we.ird""name"`), or undefined. */
function tableId(name: unknown): ObjectId | undefined {
  if (typeof name !== 'string') return undefined;
  try {
    const id = parseQualified(name);
    return id.sub === undefined ? id : undefined;
  } catch (e) {
    if (e instanceof IdentifierError) return undefined;
    throw e;
  }
}
/** A column as rows name it: the column's name itself (a YAML key is never quoted). */
const COLUMN = /^[^\0]+$/;

const exact = z.instanceof(LosslessNumber);
const jsonValue: z.ZodType<Json> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), exact, z.string(), z.array(jsonValue), z.record(z.string(), jsonValue)]));

export const SeedFileSchema = z
  .object({
    table: z.string().refine((t) => tableId(t) !== undefined, 'a table name, optionally schema-qualified, quoted as in SQL where needed (exchanges, app.exchanges, public."Mixed Case")'),
    key: z.union([z.string().regex(COLUMN), z.array(z.string().regex(COLUMN)).min(1)]),
    unlisted: z.enum(['keep', 'delete']).default('keep'),
    remove: z.array(z.union([z.string(), z.number(), z.record(z.string(), jsonValue)])).default([]),
    referenced: z.union([z.enum(['refuse', 'delete']), z.object({ set: z.record(z.string().regex(COLUMN), jsonValue) }).strict()]).default('refuse'),
    rows: z.array(z.record(z.string(), jsonValue)),
    /** Columns whose values are secret: reports show a hash prefix, never the value. */
    secret: z.array(z.string().regex(COLUMN)).default([]),
  })
  .strict();

const INT = new Set(['int2', 'int4', 'smallint', 'integer', 'int', 'serial', 'serial4', 'smallserial', 'serial2']);
const BIGINT = new Set(['int8', 'bigint', 'bigserial', 'serial8']);
const NUMERIC = new Set(['numeric', 'decimal', 'float4', 'float8', 'real', 'double', 'money']);
const STRING = new Set(['text', 'citext', 'name', 'varchar', 'bpchar', 'char', 'character', 'inet', 'cidr', 'macaddr', 'bytea', 'interval']);
const TIME = new Set(['timestamp', 'timestamptz', 'date', 'time', 'timetz']);
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The zod type of a value of a column, from its declared type. */
export function columnType(c: DdlColumn): z.ZodType {
  let t: z.ZodType;
  if (c.array) t = z.array(z.unknown());
  else if (c.type === 'json' || c.type === 'jsonb') t = c.notNull ? jsonValue.refine((v) => v !== null, 'NULL in a NOT NULL column') : jsonValue;
  else if (INT.has(c.type)) t = z.number().int().min(-2147483648).max(2147483647);
  else if (BIGINT.has(c.type)) t = z.union([z.number().int(), exact.refine((n) => /^-?\d+$/.test(n.value), 'an integer'), z.string().regex(/^-?\d+$/, 'an integer')]);
  else if (NUMERIC.has(c.type)) t = z.union([z.number(), exact, z.string().regex(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^(NaN|-?Infinity)$/, 'a number')]);
  else if (c.type === 'bool' || c.type === 'boolean') t = z.boolean();
  else if (c.type === 'uuid') t = z.string().regex(UUID, 'a UUID');
  else if (TIME.has(c.type)) t = z.string().min(1);
  else if (STRING.has(c.type)) {
    const max = (c.type === 'varchar' || c.type === 'bpchar') && c.typmods[0] > 0 ? c.typmods[0] : undefined;
    t = max ? z.string().max(max, `at most ${max} characters (${c.type}(${max}))`) : z.string();
  } else t = z.union([z.string(), z.number(), z.boolean()]);
  return c.notNull ? t : t.nullable();
}

const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^(NaN|-?Infinity)$/;
const INTEGER_TEXT = /^-?\d+$/;
const isPlain = (v: object) => {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
};

/** Whether `v` is a JSON value that `jsonValue` accepts (false may still be accepted: zod decides then). */
export function isJson(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      if (v === null || v instanceof LosslessNumber) return true;
      if (Array.isArray(v)) {
        for (const x of v) if (!isJson(x)) return false;
        return true;
      }
      if (!isPlain(v)) return false;
      // zod drops a `__proto__` field and refuses an object whose `constructor` is one: its call.
      for (const k in v) if (k === '__proto__' || k === 'constructor' || !isJson((v as Record<string, unknown>)[k])) return false;
      return true;
    default:
      return false;
  }
}

/**
 * A check that passes only values `columnType(c)` accepts, without zod's cost per value (10,000
 * rows of many fields); a value it does not pass goes to zod, which accepts it or says why not.
 * `knownJson`: the value is known to be a JSON value (isJson), which is not checked again.
 */
export function quickCheck(c: DdlColumn, knownJson = false): (v: unknown) => boolean {
  let t: (v: unknown) => boolean;
  if (c.array) t = Array.isArray;
  else if (c.type === 'json' || c.type === 'jsonb') t = knownJson ? (v) => v !== null : (v) => v !== null && isJson(v);
  else if (INT.has(c.type)) t = (v) => typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
  else if (BIGINT.has(c.type)) t = (v) => Number.isSafeInteger(v) || (typeof v === 'string' && INTEGER_TEXT.test(v));
  else if (NUMERIC.has(c.type)) t = (v) => (typeof v === 'number' && Number.isFinite(v)) || v instanceof LosslessNumber || (typeof v === 'string' && NUMBER_TEXT.test(v));
  else if (c.type === 'bool' || c.type === 'boolean') t = (v) => typeof v === 'boolean';
  else if (c.type === 'uuid') t = (v) => typeof v === 'string' && UUID.test(v);
  else if (TIME.has(c.type)) t = (v) => typeof v === 'string' && v.length > 0;
  else if (STRING.has(c.type)) {
    const max = (c.type === 'varchar' || c.type === 'bpchar') && c.typmods[0] > 0 ? c.typmods[0] : Infinity;
    t = (v) => typeof v === 'string' && v.length <= max;
  } else t = (v) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  return c.notNull ? t : (v) => v === null || t(v);
}

interface Located {
  message: string;
  at?: (string | number)[];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

export const keyText = (key: string[], row: Record<string, unknown>) => key.map((k) => `${k}=${typeof row[k] === 'string' ? row[k] : JSON.stringify(row[k])}`).join(',');

/** A row's key values as one string, for finding repeated keys (`s` + a lone text key: the common case, cheap). */
const keyId = (key: string[], row: Record<string, unknown>) => (key.length === 1 && typeof row[key[0]] === 'string' ? `s${row[key[0]]}` : JSON.stringify(key.map((k) => row[k])));

/** Validates one parsed seed file against the desired schema; returns the problems found. */
function validate(raw: unknown, relations: Map<string, DdlRelation>, file: string, locate: (i: number) => string): { seed?: SeedFile; problems: Located[] } {
  // The rows are most of the file: checked here without zod when they are plain JSON objects.
  const rows = (raw as { rows?: unknown } | null)?.rows;
  const plainRows = Array.isArray(rows) && rows.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r) && isJson(r));
  const parsed = plainRows ? SeedFileSchema.safeParse({ ...(raw as object), rows: [] }) : SeedFileSchema.safeParse(raw);
  if (parsed.success && plainRows) parsed.data.rows = rows as Record<string, Json>[];
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => ({ message: `${pathText(i.path as (string | number)[])}: ${i.message}`, at: i.path as (string | number)[] })) };
  }
  const f = parsed.data;
  const id = tableId(f.table)!;
  const table = displayName(id);
  const ddl = relations.get(ddlKey(id));
  if (!ddl || ddl.kind !== 'table') return { problems: [{ message: `table: ${table} is not a table declared in schema/`, at: ['table'] }] };
  const cols = new Map(ddl.columns.map((c) => [c.name, c]));
  const key = typeof f.key === 'string' ? [f.key] : f.key;
  const problems: Located[] = [];
  for (const k of key) if (!cols.has(k)) problems.push({ message: `key: ${table} has no column ${k}`, at: ['key'] });
  f.secret.forEach((c, i) => {
    if (!cols.has(c)) problems.push({ message: `secret[${i}]: ${table} has no column ${c}`, at: ['secret', i] });
    else if (key.includes(c)) problems.push({ message: `secret[${i}]: ${c} is the key: rows are named by their key in every report, so it cannot be secret`, at: ['secret', i] });
  });
  const types = new Map(ddl.columns.map((c) => [c.name, columnType(c)]));
  // Every value here is a JSON value already (checked above, or by zod).
  const quick = new Map(ddl.columns.map((c) => [c.name, quickCheck(c, true)]));
  const required = ddl.columns.filter((c) => c.notNull && !c.hasDefault);
  // Messages name rows[i] (with its key) or referenced.set; built only for a problem (no
  // closure or path per row: this runs for every row of a large catalogue).
  const labelOf = (i: number | undefined, row: Record<string, Json>) =>
    i === undefined ? 'referenced.set' : `rows[${i}]${key.every((k) => row[k] !== undefined) ? ` (${keyText(key, row)})` : ''}`;
  const atOf = (i: number | undefined) => (i === undefined ? ['referenced', 'set'] : ['rows', i]);
  const checkFields = (row: Record<string, Json>, i: number | undefined) => {
    for (const name in row) {
      const v = row[name];
      const c = cols.get(name);
      if (c && !c.generated && quick.get(name)!(v)) continue;
      if (!c) {
        problems.push({ message: `${labelOf(i, row)}.${name}: ${table} has no column ${name} (columns: ${ddl.columns.map((x) => x.name).join(', ')})`, at: [...atOf(i), name] });
        continue;
      }
      if (c.generated) {
        problems.push({ message: `${labelOf(i, row)}.${name}: a generated column cannot be seeded`, at: [...atOf(i), name] });
        continue;
      }
      const r = types.get(name)!.safeParse(v);
      if (!r.success) {
        const m = r.error.issues[0];
        const sub = m.path.length ? `.${m.path.join('.')}` : '';
        problems.push({ message: `${labelOf(i, row)}.${name}${sub}: expected ${c.array ? 'an array' : c.type}${c.notNull ? '' : ' or null'}, got ${describe(v)}${m.message && !/^Invalid input/.test(m.message) ? ` (${m.message})` : ''}`, at: [...atOf(i), name] });
      }
    }
  };
  const seen = new Map<string, number>();
  for (let i = 0; i < f.rows.length; i++) {
    const row = f.rows[i];
    for (const k of key) if (row[k] === undefined || row[k] === null) problems.push({ message: `${labelOf(i, row)}.${k}: the key column ${k} is required in every row`, at: ['rows', i] });
    for (const c of required) {
      if (!(c.name in row)) problems.push({ message: `${labelOf(i, row)}.${c.name}: required (NOT NULL without a default in ${ddl.file})`, at: ['rows', i] });
    }
    checkFields(row, i);
    const id = keyId(key, row);
    const first = seen.get(id);
    if (first !== undefined) problems.push({ message: `${labelOf(i, row)}: same key as rows[${first}]`, at: ['rows', i] });
    else seen.set(id, i);
  }
  if (typeof f.referenced === 'object') checkFields(f.referenced.set, undefined);
  const remove = f.remove.map((r, i) => {
    const obj = (typeof r === 'object' ? r : key.length === 1 ? { [key[0]]: r } : {}) as Record<string, Json>;
    if (key.some((k) => obj[k] === undefined)) problems.push({ message: `remove[${i}]: give the key (${key.join(', ')}) of the row to delete`, at: ['remove', i] });
    return obj;
  });
  for (const [i, r] of remove.entries()) {
    if (key.every((k) => r[k] !== undefined) && seen.has(keyId(key, r))) problems.push({ message: `remove[${i}]: the row is also listed in rows`, at: ['remove', i] });
  }
  if (problems.length) return { problems };
  return { seed: { file, table, id, key, unlisted: f.unlisted, remove, referenced: f.referenced, rows: f.rows, secret: f.secret, ddl, locate }, problems };
}

const pathText = (p: (string | number)[]) => p.map((x, i) => (typeof x === 'number' ? `[${x}]` : i ? `.${x}` : x)).join('') || '(file)';

/** An invalid seed file: every problem with its position; exit code 6 like an invalid schema. */
export class SeedError extends SchemaopError {
  constructor(readonly problems: string[]) {
    super(`invalid seed rows; nothing was written:\n  ${problems.join('\n  ')}`, EXIT.invalidSchema);
  }
}

/**
 * Large catalogues are written one row per line in JSON flow syntax (`  - {"name": "x", ...}`),
 * which is valid YAML with the same meaning: those lines are read with JSON.parse, many times
 * faster than a YAML parser. This finds the header and those lines; anything else falls back to
 * the YAML parser (undefined).
 */
function jsonLines(text: string): { head: Record<string, unknown>; lines: string[] } | undefined {
  const m = /^rows:[ \t]*\n/m.exec(text);
  if (!m) return undefined;
  const lines: string[] = [];
  for (const line of text.slice(m.index + m[0].length).split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    if (!line.startsWith(' ') || !t.startsWith('- {') || !t.endsWith('}')) return undefined;
    lines.push(t.slice(2));
  }
  let head: unknown;
  try {
    head = parse(text.slice(0, m.index)) ?? {};
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head) || 'rows' in head) return undefined;
  return { head: head as Record<string, unknown>, lines };
}

/** Lines read per JSON.parse call; between two slices, other work (reading the live rows) may go on. */
const SLICE = 1000;

// What JSON.parse may read differently from the exact parser: a number of 16 digits or more, or
// with an exponent (it may round), and a field repeated in an object (it keeps the last). The
// patterns are spelled out: V8 runs `\d(\.?\d){15}` several times slower. They also match
// inside strings; that only sends the text to the exact parser.
const LONG_NUMBER = new RegExp(`\\d${'\\.?\\d'.repeat(15)}`);
const EXPONENT = /\d[eE]/;
const SPACE_BEFORE_COLON = /"\s+:/;

/** Fields of every object in a JSON value. */
function fieldCount(v: unknown): number {
  let n = 0;
  if (Array.isArray(v)) for (const x of v) n += fieldCount(x);
  else if (typeof v === 'object' && v !== null) for (const k in v) n += 1 + fieldCount((v as Record<string, unknown>)[k]);
  return n;
}

/**
 * Whether JSON.parse read `text` as the exact parser would. Without a space before a colon,
 * every field name in the text is followed by `":`, and so are some quotes within strings: when
 * that count equals the parsed fields, no field was repeated (a repeated one is parsed once).
 */
export function parsedExactly(text: string, parsed: unknown): boolean {
  if (LONG_NUMBER.test(text) || EXPONENT.test(text) || SPACE_BEFORE_COLON.test(text)) return false;
  let quoted = 0;
  for (let i = text.indexOf('":'); i >= 0; i = text.indexOf('":', i + 2)) quoted++;
  return quoted === fieldCount(parsed);
}

/** The rows of those lines, or undefined when a line is not JSON. */
async function jsonRows(lines: string[], pause?: () => Promise<void>): Promise<unknown[] | undefined> {
  const rows: unknown[] = [];
  for (let i = 0; i < lines.length; i += SLICE) {
    if (i && pause) await pause();
    const part = lines.slice(i, i + SLICE);
    // JSON.parse is several times faster than the exact parser: a slice at once when it reads
    // it exactly, else line by line (a line it writes back identically was read exactly), and
    // any other line goes through the exact parser.
    let fast: unknown[] | undefined;
    try {
      const all = `[${part.join(',')}]`;
      const parsed = JSON.parse(all);
      if (parsedExactly(all, parsed)) fast = parsed;
    } catch {
      fast = undefined;
    }
    if (fast) {
      for (const r of fast) rows.push(r);
      continue;
    }
    for (const json of part) {
      try {
        const one = JSON.parse(json);
        rows.push(JSON.stringify(one) === json ? one : parseJson(json));
      } catch {
        return undefined;
      }
    }
  }
  return rows;
}

/** Numbers the YAML parser rounded are put back as their exact text. */
function exactNumbers(doc: Document): void {
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'number' && typeof node.source === 'string' && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(node.source)) {
        const v = exactNumber(node.source);
        if (typeof v !== 'number') node.value = v;
      }
    },
  });
}

/** `file:line:col` of a node's path in a parsed document (the nearest existing parent). */
function position(doc: Document, lc: LineCounter, file: string, at: (string | number)[] = []): string {
  let node: unknown;
  for (let k = at.length; k > 0 && !node; k--) node = doc.getIn(at.slice(0, k), true);
  const range = (node as { range?: [number, number] } | undefined)?.range;
  const p = lc.linePos(range ? range[0] : 0);
  return `${file}:${p.line}:${p.col}`;
}

export interface LoadHooks {
  /**
   * A file names this table (declared in schema/) in its header, and its rows are read next:
   * awaited, then the rows are parsed in slices with pauses between them, so that work it started
   * (the seed stage reads the live rows) goes on meanwhile. Only a hint: the file may still be refused.
   */
  table?(table: string, ddl: DdlRelation): Promise<void>;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * YAML files already parsed in this process, by the hash of their text: plan, apply and the
 * convergence check read the same files, and the YAML parser is the slow part of a large one.
 */
const parsedYaml = new Map<string, { doc: Document; lc: LineCounter }>();

type Positional = { doc: Document; lc: LineCounter };

/** The YAML document of a text with its line counter, parsed when first asked for (error positions). */
function lazyDocument(text: string): () => Positional {
  let p: Positional | undefined;
  return () => {
    if (!p) {
      const lc = new LineCounter();
      p = { doc: parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true }), lc };
    }
    return p;
  };
}

/**
 * The value of a seed file's text, as every reader of seed files reads it: a JSON document, or one
 * JSON row per line, read with JSON.parse where that is exact; else the YAML document, numbers kept
 * exact. `onHead` is told the header of a file of JSON lines before its rows are read (it returns
 * whether to yield between slices). Errors come as `file:line:col: message` lines.
 */
async function seedValue(text: string, file: string, positional = lazyDocument(text), onHead?: (head: Record<string, unknown>) => Promise<boolean>): Promise<{ raw: unknown } | { problems: string[] }> {
  let raw: unknown;
  if (/^\s*[[{]/.test(text)) {
    try {
      raw = parseJson(text);
    } catch {
      raw = undefined;
    }
  }
  const lines = raw === undefined ? jsonLines(text) : undefined;
  if (lines) {
    const announced = onHead ? await onHead(lines.head) : false;
    const rows = await jsonRows(lines.lines, announced ? pause : undefined);
    if (rows) raw = { ...lines.head, rows };
  }
  if (raw !== undefined) return { raw };
  const cacheKey = createHash('sha256').update(text).digest('base64');
  const cached = parsedYaml.get(cacheKey);
  const { doc, lc } = cached ?? positional();
  if (doc.errors.length) {
    return {
      problems: doc.errors.map((e) => {
        const p = lc.linePos(e.pos[0]);
        return `${file}:${p.line}:${p.col}: ${e.message.split('\n')[0]}`;
      }),
    };
  }
  if (!cached) exactNumbers(doc);
  if (parsedYaml.size >= 16) parsedYaml.clear(); // bounded: a long-lived process sees files change
  parsedYaml.set(cacheKey, { doc, lc });
  try {
    // A new value each time from the same document: what a caller does with its rows stays its own.
    return { raw: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (e) {
    let first: unknown;
    visit(doc, { Alias: (_, node) => ((first = node), visit.BREAK) });
    const where = first && isAlias(first) ? `${file}:${lc.linePos(first.range![0]).line}:${lc.linePos(first.range![0]).col}` : `${file}:1:1`;
    return { problems: [`${where}: ${/alias/i.test((e as Error).message) ? `too many uses of YAML anchors (aliases expand to more than ${MAX_ALIASES} copies); write the rows out` : (e as Error).message}`] };
  }
}

/**
 * The rows a seed file lists, read as `loadSeeds` reads them (not validated): undefined when there
 * is no such file; a file that does not parse is a SeedError (a reader must not take it as empty).
 */
export async function seedFileRows(file: string): Promise<unknown[] | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const read = await seedValue(text, file);
  if ('problems' in read) throw new SeedError(read.problems);
  const rows = (read.raw as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? rows : [];
}

/** Seed files in `dir` (sorted by name: number them by dependency), validated against `schema`. */
export async function loadSeeds(dir: string, schema: DesiredSchema, root = path.dirname(dir), hooks: LoadHooks = {}): Promise<SeedFile[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const relations = await ddlRelations(schema);
  const out: SeedFile[] = [];
  const problems: string[] = [];
  const tables = new Map<string, string>();
  const rel = (n: string) => path.relative(root, path.join(dir, n)).split(path.sep).join('/');
  // Every file here is a seed file or an error: nothing is silently left out.
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (NOT_SEEDS.has(e.name)) continue;
    if (!e.isFile()) problems.push(`${rel(e.name)}: not a seed file (seeds/ holds one .yaml, .yml or .json file per table, no folders)`);
    else if (!/\.(ya?ml|json)$/.test(e.name)) problems.push(`${rel(e.name)}:1:1: not a seed file: seed files end in .yaml, .yml or .json (README.md and .gitkeep may sit beside them)`);
  }
  const names = entries.filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name)).map((e) => e.name).sort();
  for (const n of names) {
    const file = rel(n);
    const text = await fs.readFile(path.join(dir, n), 'utf8');
    const positional = lazyDocument(text);
    const locate = (i: number) => position(positional().doc, positional().lc, file, ['rows', i]);
    const read = await seedValue(text, file, positional, async (head) => {
      const id = tableId(head.table);
      const table = id && displayName(id);
      const ddl = id ? relations.get(ddlKey(id)) : undefined;
      if (!hooks.table || !table || ddl?.kind !== 'table') return false;
      await hooks.table(table, ddl);
      return true;
    });
    if ('problems' in read) {
      problems.push(...read.problems);
      continue;
    }
    const raw = read.raw;
    const r = validate(raw, relations, file, locate);
    if (!r.problems.length) {
      if (r.seed) {
        if (tables.has(r.seed.table)) problems.push(`${file}:1:1: table ${r.seed.table} is already seeded by ${tables.get(r.seed.table)} (one file per table)`);
        tables.set(r.seed.table, file);
        out.push(r.seed);
      }
      continue;
    }
    const { doc, lc } = positional();
    for (const pr of r.problems) problems.push(`${position(doc, lc, file, pr.at)}: ${pr.message}`);
  }
  if (problems.length) throw new SeedError(problems);
  return out;
}
