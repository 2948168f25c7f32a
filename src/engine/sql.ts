// The real PostgreSQL parser (libpg-query, compiled to WebAssembly), and statement splitting.
import { loadModule, parse, parseSync } from 'libpg-query';

let loaded: Promise<void> | undefined;
const ready = () => (loaded ??= loadModule());

import type { Node, ParseTree } from '../pg/node';
export type { ParseTree };

/** Parses of each text while counting (countParses): a plan parses each statement once. */
let counts: Map<string, number> | undefined;
/** A statement with or without its semicolon is the same text. */
export const parseKey = (sql: string) => sql.trim().replace(/[\s;]+$/, '');
const counted = (sql: string) => {
  if (!counts) return;
  const k = parseKey(sql);
  counts.set(k, (counts.get(k) ?? 0) + 1);
};

/** Counts the parses of each text until the returned function is called, which gives the counts. */
export function countParses(): () => Map<string, number> {
  const mine = (counts = new Map());
  return () => {
    if (counts === mine) counts = undefined;
    return mine;
  };
}

export async function parseSql(sql: string): Promise<ParseTree> {
  await ready();
  counted(sql);
  return (await parse(sql)) as ParseTree;
}

/** Synchronous parse; only valid after any async parse call has loaded the module. */
export function parseSqlSync(sql: string): ParseTree {
  counted(sql);
  return parseSync(sql) as ParseTree;
}

export { ready as loadParser };

/** Skips whitespace and comments from `i`; returns the index of the first token character. */
function skipTrivia(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else return i;
  }
}

/** Maps UTF-8 byte offsets (what the parser reports) to character offsets, in one pass. */
function byteToChar(text: string, bytes: Buffer): (byte: number) => number {
  if (bytes.length === text.length) return (b) => b; // ASCII
  const map = new Uint32Array(bytes.length + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (cp >= 0x10000) i++; // a surrogate pair is one code point
  }
  map[bytes.length] = text.length;
  return (byte) => map[byte];
}

/** Splits SQL text into statements (without the trailing semicolon), with character offsets. */
export async function splitStatements(text: string, parsed?: ParseTree): Promise<{ sql: string; offset: number; stmt: Node }[]> {
  const tree = parsed ?? (await parseSql(text));
  const bytes = Buffer.from(text, 'utf8');
  const charAt = byteToChar(text, bytes);
  const out: { sql: string; offset: number; stmt: Node }[] = [];
  for (const s of tree.stmts ?? []) {
    const startByte = s.stmt_location ?? 0;
    const endByte = s.stmt_len ? startByte + s.stmt_len : bytes.length;
    const start = charAt(startByte);
    const raw = bytes.subarray(startByte, endByte).toString('utf8');
    const lead = skipTrivia(raw, 0);
    const sql = raw.slice(lead).replace(/[\s;]+$/, '');
    if (sql) out.push({ sql, offset: start + lead, stmt: s.stmt });
  }
  return out;
}
