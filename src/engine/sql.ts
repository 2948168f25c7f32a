// The real PostgreSQL parser (libpg-query, compiled to WebAssembly), and statement splitting.
import { loadModule, parse, parseSync } from 'libpg-query';

let loaded: Promise<void> | undefined;
const ready = () => (loaded ??= loadModule());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ParseTree = { stmts?: { stmt: Record<string, any>; stmt_location?: number; stmt_len?: number }[] };

export async function parseSql(sql: string): Promise<ParseTree> {
  await ready();
  return (await parse(sql)) as ParseTree;
}

/** Synchronous parse; only valid after any async parse call has loaded the module. */
export function parseSqlSync(sql: string): ParseTree {
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

/** Splits SQL text into statements (without the trailing semicolon), with character offsets. */
export async function splitStatements(text: string): Promise<{ sql: string; offset: number }[]> {
  const tree = await parseSql(text);
  const bytes = Buffer.from(text, 'utf8');
  const charAt = (byte: number) => bytes.subarray(0, byte).toString('utf8').length;
  const out: { sql: string; offset: number }[] = [];
  for (const s of tree.stmts ?? []) {
    const startByte = s.stmt_location ?? 0;
    const endByte = s.stmt_len ? startByte + s.stmt_len : bytes.length;
    const start = charAt(startByte);
    const raw = bytes.subarray(startByte, endByte).toString('utf8');
    const lead = skipTrivia(raw, 0);
    const sql = raw.slice(lead).replace(/[\s;]+$/, '');
    if (sql) out.push({ sql, offset: start + lead });
  }
  return out;
}
