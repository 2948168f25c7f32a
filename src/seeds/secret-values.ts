// How a secret value is shown, wherever it is shown (reports, drift, Pulumi diffs and state): a
// stand-in, `(secret) sha256:` and the first 8 hex digits of the SHA-256 of its text. Two values
// can be told apart (the file's and the database's); nothing of the value is shown. null stays
// null (that a secret is absent is no secret). Which columns are secret: ./columns.ts.
import { createHash } from 'node:crypto';
import { toJson } from './json';
import type { Json } from './load';
import type { SeedTableChanges } from './changes';

const STAND_IN = '(secret) sha256:';
const HEX_DIGITS = 8;

/** `sha256:1a2b3c4d` of a value: its text (a string as itself, anything else as JSON). */
export function fingerprint(v: Json | undefined): string {
  const text = typeof v === 'string' ? v : toJson(v ?? null);
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, HEX_DIGITS)}`;
}

/** The stand-in of a secret value (null and absent stay as they are). */
export function standIn(v: Json | undefined): Json | undefined {
  if (v === null || v === undefined) return v;
  return isStandIn(v) ? v : `${STAND_IN}${fingerprint(v).slice('sha256:'.length)}`;
}

/** Whether a value is a stand-in already (read back from a report or from a Pulumi state). */
export const isStandIn = (v: unknown): v is string => typeof v === 'string' && v.startsWith(STAND_IN) && v.length === STAND_IN.length + HEX_DIGITS;

/** `sha256:1a2b3c4d` of a value or of its stand-in; `null` for null. */
const shortOf = (v: Json | undefined) => (v === null || v === undefined ? 'null' : isStandIn(v) ? v.slice('(secret) '.length) : fingerprint(v));

/** How a secret field's change is written: `changed (secret) sha256:1a2b3c4d → sha256:5e6f7a8b`. */
export function secretChange(from: Json | undefined, to: Json | undefined): string {
  return `changed (secret) ${shortOf(from)} → ${shortOf(to)}`;
}

/** The same row with the values of its secret columns replaced by stand-ins. */
export function maskRow<T extends Record<string, Json>>(row: T, secret: readonly string[] | undefined): T {
  if (!secret?.length) return row;
  const out: Record<string, Json> = { ...row };
  for (const c of secret) if (c in out) out[c] = standIn(out[c]) as Json;
  return out as T;
}

/**
 * Seed changes as they may be shown (plan JSON, drift, review comments): every value of a secret
 * column replaced by its stand-in. The plan itself keeps the values: apply writes them.
 */
export function shownSeedTables(tables: SeedTableChanges[]): SeedTableChanges[] {
  return tables.map((t) => {
    if (!t.secret?.length) return t;
    const s = t.secret;
    return {
      ...t,
      insert: t.insert.map((r) => ({ ...r, values: maskRow(r.values, s) })),
      update: t.update.map((u) => ({ ...u, set: maskRow(u.set, s), from: maskRow(u.from, s) })),
    };
  });
}
