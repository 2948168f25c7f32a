// Markdown building blocks that stay valid whatever the text holds: a fence longer than any run of
// backticks inside, table cells without pipes or line breaks, plain text that GitHub cannot read
// as HTML.
import { isStandIn } from '../../seeds/secret-values';

/** Plain text: `<`, `>` and `&` would start HTML or entities in GitHub's renderer. */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A table cell: escaped, pipes escaped, one line. */
export const cell = (s: string) => esc(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** Inline code; in a table cell a pipe must still be escaped (GFM reads the cell first). */
export function code(s: string, inTable = false): string {
  const one = s.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : '';
  const body = inTable ? one.replace(/\|/g, '\\|') : one;
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced code block whose fence no line of `body` can close. */
export function fence(lang: string, body: string): string {
  const longest = Math.max(0, ...(body.match(/^\s*`{3,}/gm) ?? []).map((r) => r.trim().length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${body.replace(/\s+$/, '')}\n${f}`;
}

export function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** A folded section; GitHub renders Markdown inside only after a blank line. */
export const details = (summary: string, body: string, open = false) => `<details${open ? ' open' : ''}>\n<summary>${esc(summary)}</summary>\n\n${body}\n\n</details>`;

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A JSON value, short, for seed field changes; a secret's stand-in as itself. */
export function value(v: unknown, max = 80): string {
  if (isStandIn(v)) return v;
  const s = JSON.stringify(v) ?? 'null';
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
