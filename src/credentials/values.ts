// How an encrypted value is stored in its column, and what a stored value is: an envelope of this
// project, a Fernet token of the platform's former encryption, or something else.
import type { SecretKind } from './tables';
import { isEnvelope } from './envelope';

export type Format = 'envelope' | 'fernet' | 'unknown';

export interface StoredValue {
  /** The jsonb field, for columns that hold one envelope per field. */
  field?: string;
  format: Format;
  /** The envelope's bytes (format envelope), the Fernet token (format fernet). */
  bytes?: Buffer;
  token?: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// A Fernet token is base64url of 0x80 followed by a timestamp: it always starts with "gAAAAA".
const isFernet = (s: string) => s.startsWith('gAAAAA') && /^[A-Za-z0-9_-]+={0,2}$/.test(s);

function classifyText(s: string, field?: string): StoredValue {
  if (isFernet(s)) return { field, format: 'fernet', token: s };
  if (BASE64.test(s)) {
    const bytes = Buffer.from(s, 'base64');
    if (isEnvelope(bytes)) return { field, format: 'envelope', bytes };
  }
  return { field, format: 'unknown' };
}

/** The values a column holds (none when NULL; one per field for jsonb). */
export function storedValues(kind: SecretKind, stored: unknown): StoredValue[] {
  if (stored === null || stored === undefined) return [];
  if (kind === 'text') return [classifyText(String(stored))];
  if (kind === 'bytea') {
    const b = stored as Buffer;
    if (isEnvelope(b)) return [{ format: 'envelope', bytes: b }];
    const s = b.toString('latin1');
    return [isFernet(s) ? { format: 'fernet', token: s } : { format: 'unknown' }];
  }
  return Object.entries(stored as Record<string, unknown>).map(([f, v]) => (typeof v === 'string' ? classifyText(v, f) : { field: f, format: 'unknown' as const }));
}

/** The column value for new envelopes (one, or one per field for jsonb). */
export function columnValue(kind: SecretKind, envelopes: Map<string | undefined, Buffer>): string | Buffer | Record<string, string> {
  if (kind === 'bytea') return envelopes.get(undefined)!;
  if (kind === 'text') return envelopes.get(undefined)!.toString('base64');
  return Object.fromEntries([...envelopes].map(([f, b]) => [f!, b.toString('base64')]));
}
