// Finds a known secret in any output (a report, a log, a Pulumi state file): as written, in the
// encodings a value takes on its way (PostgreSQL's bytea hex `\x…`, base64, percent-encoding in
// a URL, JSON escaping), and cut short: any run of WINDOW characters of any of those forms is a
// hit, since a report that truncates a value (`"\x4c49…"`) still shows part of it.
import { expect } from 'vitest';

/** Characters of a secret that make a hit: long enough that a random secret does not meet them by chance. */
export const WINDOW = 12;

/** The forms a secret takes in text: raw, hex (with and without `\x`, either case), base64, base64url, percent-encoded, JSON-escaped. */
export function secretForms(secret: string | Buffer): string[] {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  const hex = bytes.toString('hex');
  const forms = [hex, hex.toUpperCase(), bytes.toString('base64'), bytes.toString('base64url')];
  if (typeof secret === 'string') forms.push(secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1));
  // Base64 of the same bytes at another offset inside a larger value: the forms of each shift.
  for (const shift of [1, 2]) forms.push(Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').slice(4));
  return [...new Set(forms)];
}

/** Where a secret shows in `text` (form and a bit of context), or undefined. */
export function findSecret(text: string, secret: string | Buffer): string | undefined {
  const lower = text.toLowerCase();
  for (const form of secretForms(secret)) {
    // Hex is matched in either case; the other forms as they are.
    const hay = /^[0-9a-f]+$/i.test(form) ? lower : text;
    const needle = /^[0-9a-f]+$/i.test(form) ? form.toLowerCase() : form;
    const w = Math.min(WINDOW, needle.length);
    for (let i = 0; i + w <= needle.length; i++) {
      const at = hay.indexOf(needle.slice(i, i + w));
      if (at >= 0) return `${JSON.stringify(needle.slice(i, i + w))} at ${at}: …${text.slice(Math.max(0, at - 40), at + w + 40)}…`;
    }
  }
  return undefined;
}

/**
 * Fails when any of `secrets` shows in `text`. `where` names the output in the failure (e.g.
 * `pulumi preview --json`, `.pulumi/stacks/dev.json`). The secrets must be random (at least
 * WINDOW characters, or bytes): a word would be found in innocent text.
 */
export function assertNoSecrets(text: string, secrets: (string | Buffer)[], where = 'output'): void {
  for (const s of secrets) {
    if (s.length < WINDOW) throw new Error(`assertNoSecrets: a secret of ${s.length} characters is too short to look for (at least ${WINDOW})`);
    const hit = findSecret(text, s);
    expect(hit, `a secret shows in ${where}: ${hit}`).toBeUndefined();
  }
}
