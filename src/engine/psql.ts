// Schema files as their authors ship them: the text psql would read. psql meta-commands that do
// not change the schema (`\set ON_ERROR_STOP 1`, pg_dump's `\restrict`) are blanked out (offsets
// kept, so positions stay right); the others are refused with their line.

/** Meta-commands that only steer psql's own output or error handling. */
const HARMLESS = new Set([
  'set', 'unset', 'echo', 'qecho', 'warn', 'pset', 'timing', 'encoding', 'restrict', 'unrestrict',
  'x', 'a', 't', 'f', 'H', 'C', 'T', 'conninfo', 'errverbose', 'q', 'quit',
]);

const WHY: Record<string, string> = {
  c: 'it connects to another database', connect: 'it connects to another database',
  i: 'it includes another file (put that file in schema/ instead)', ir: 'it includes another file (put that file in schema/ instead)',
  include: 'it includes another file (put that file in schema/ instead)', include_relative: 'it includes another file (put that file in schema/ instead)',
  copy: 'it copies data (reference rows belong in seeds/)', '!': 'it runs a shell command', o: 'it writes query output to a file or a command',
  out: 'it writes query output to a file or a command', gexec: 'it runs generated SQL', g: 'it runs generated SQL', gset: 'it runs a query',
  cd: 'it changes directory', setenv: 'it changes the environment', if: 'conditionals decide what runs at load time',
  elif: 'conditionals decide what runs at load time', else: 'conditionals decide what runs at load time', endif: 'conditionals decide what runs at load time',
};

export interface MetaCommand {
  name: string;
  /** Character offset of the backslash. */
  offset: number;
  accepted: boolean;
  why?: string;
}

/**
 * Finds meta-commands (an unquoted backslash: outside strings,
 * quoted identifiers, dollar quotes and comments) and returns the text with the accepted ones
 * replaced by spaces.
 */
export function stripMetaCommands(text: string): { sql: string; commands: MetaCommand[] } {
  const commands: MetaCommand[] = [];
  const out = text.split('');
  let i = 0;
  let lineStart = true;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (lineStart && (ch === ' ' || ch === '\t' || ch === '\r')) {
      i++;
      continue;
    }
    // psql reads an unquoted backslash anywhere on a line as the start of a meta-command.
    if (ch === '\\') {
      const end = text.indexOf('\n', i) < 0 ? n : text.indexOf('\n', i);
      const name = /^\\([A-Za-z_]+|!|\.|\?|\d)/.exec(text.slice(i, end))?.[1] ?? text.slice(i + 1, end).trim().split(/\s/)[0];
      const accepted = HARMLESS.has(name);
      commands.push({ name, offset: i, accepted, why: accepted ? undefined : WHY[name] ?? 'it is not a SQL statement that defines schema objects' });
      if (accepted) for (let k = i; k < end; k++) if (out[k] !== '\r') out[k] = ' ';
      i = end;
      continue;
    }
    lineStart = false;
    if (ch === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (ch === '/' && text[i + 1] === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (ch === "'" || ch === '"') {
      // E'...' strings may escape the quote with a backslash.
      const escapes = ch === "'" && /[eE]/.test(text[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(text[i - 2] ?? '');
      i++;
      while (i < n) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === ch && text[i + 1] === ch) i += 2;
        else if (text[i] === ch) break;
        else i++;
      }
      i++;
    } else if (ch === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (m && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
        const close = text.indexOf(m[0], i + m[0].length);
        i = close < 0 ? n : close + m[0].length;
      } else i++;
    } else i++;
  }
  return { sql: out.join(''), commands };
}
